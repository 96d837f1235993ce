import { mkdirSync } from 'node:fs';
import type { AgentLaunchPlan, RuntimeHandle } from '@ao/shared/plugin';
import type { Services } from '../services';
import { deliverMessage } from './deliver-message';
import { pluginsOf, sessionDirOf, sessionLogOf } from './session-plugins';
import type { SessionRow } from './session-row';
import { startWatching } from './watch-session';

/**
 * Launches the session's agent in its runtime (a fresh start, or a resume of the agent's own conversation), records the
 * handle and starts following the agent's signals. Used by spawn and restore.
 */
export async function startAgent(s: Services, row: SessionRow, resume: boolean): Promise<RuntimeHandle> {
  const { agent, runtime } = pluginsOf(s, row);
  const sessionDir = sessionDirOf(s, row.id);
  mkdirSync(sessionDir, { recursive: true, mode: 0o700 });
  const canResume = resume && agent.canResume && row.agentSessionId;
  const plan: AgentLaunchPlan = await agent.launch({
    sessionId: row.id,
    projectId: row.projectId,
    cwd: row.worktreePath,
    prompt: resume ? null : row.prompt,
    sessionDir,
    hookUrl: `${s.selfUrl()}/api/hooks/${row.id}`,
    hookSecret: row.hookSecret,
    resume: canResume && row.agentSessionId ? { agentSessionId: row.agentSessionId } : null,
  });
  const handle = await runtime.spawn({
    sessionId: row.id,
    cwd: row.worktreePath,
    command: plan.command,
    env: { ...plan.env, AO_SESSION_ID: row.id, AO_PROJECT_ID: row.projectId },
    logPath: sessionLogOf(s, row.id),
  });
  s.store.update(row.id, {
    status: 'running',
    statusReason: null,
    activity: 'unknown',
    runtimeHandle: handle,
    agentSessionId: plan.agentSessionId ?? row.agentSessionId,
    model: plan.model ?? row.model,
    evidence: {
      source: resume ? 'restore' : 'spawn',
      detail: canResume
        ? `resumed agent conversation ${row.agentSessionId}`
        : `started ${plan.command[0] ?? 'agent'}`,
      at: new Date().toISOString(),
      confidence: 'high',
    },
  });
  startWatching(s, row.id);
  if (plan.prompt.mode === 'type') {
    const { text, delayMs } = plan.prompt;
    s.later(delayMs, () => {
      deliverMessage(s, row.id, text).catch((err: Error) =>
        s.logger.warn({ sessionId: row.id, err: err.message }, 'initial prompt was not delivered'),
      );
    });
  }
  return handle;
}
