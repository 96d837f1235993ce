import { conflict } from '@ao/shared/errors';
import type { Agent, AgentLaunchPlan, RuntimeHandle, RuntimeSpawnOptions } from '@ao/shared/plugin';
import type { Evidence } from '@ao/shared/session';
import { privateDir, privateFile } from '../util/private-dir';
import type { SessionContext } from './context';
import { deliverMessage } from './deliver-message';
import { canConfirm, pluginsOf, sessionDirOf, sessionLogOf } from './session-plugins';
import type { SessionRow } from './session-row';
import { watchStart } from './watch-start';

/** What a remote forwarder needs to ship this agent's files home (nothing when the agent declares none). */
function forwardOf(agent: Agent, row: SessionRow, baseUrl: string): Pick<RuntimeSpawnOptions, 'forward'> {
  const rules = agent.forwardable?.({ cwd: row.worktreePath }) ?? [];
  if (rules.length === 0) return {};
  return {
    forward: {
      url: `${baseUrl}/api/hooks/${row.id}/files`,
      secret: row.hookSecret,
      rules: rules.map((r) => ({ dir: r.dir, pattern: r.pattern.source, mode: r.mode })),
    },
  };
}

/**
 * Launches the session's agent in its runtime (a fresh start, or a resume of the agent's own conversation), records the
 * handle and starts following the agent's signals. Used by spawn and restore. The session is `starting` until the
 * agent takes its first prompt (or, with no prompt, gives its first signal); `evidence` says why it was started.
 */
export async function startAgent(
  ctx: SessionContext,
  row: SessionRow,
  opts: { resume: boolean; evidence?: Pick<Evidence, 'source' | 'detail'> },
): Promise<RuntimeHandle> {
  const { agent, runtime } = pluginsOf(ctx, row);
  const sessionDir = sessionDirOf(ctx.dataDir, row.id);
  privateDir(sessionDir);
  privateFile(sessionLogOf(ctx.dataDir, row.id)); // tmux appends to it with its own umask
  const resumeId = opts.resume && agent.canResume ? row.agentSessionId : null;
  const prompt = opts.resume ? null : row.prompt;
  // An agent in a container reaches the daemon through the runtime's view of it (the host gateway).
  const baseUrl = (await runtime.callbackUrl?.(ctx.selfUrl())) ?? ctx.selfUrl();
  const extras = ctx.launchExtras?.(row, baseUrl) ?? {};
  const lessons =
    row.kind === 'orchestrator' ? null : (ctx.systemPrompt?.(row, { resume: opts.resume }) ?? null);
  const plan: AgentLaunchPlan = await agent.launch({
    sessionId: row.id,
    projectId: row.projectId,
    cwd: row.worktreePath,
    prompt,
    sessionDir,
    hookUrl: `${baseUrl}/api/hooks/${row.id}`,
    hookSecret: row.hookSecret,
    resume: resumeId ? { agentSessionId: resumeId } : null,
    ...extras,
    // The orchestrator's role (from extras) first; lessons are a worker's, never the orchestrator's.
    systemPrompt: [extras.systemPrompt, lessons].filter(Boolean).join('\n\n') || null,
  });
  const handle = await runtime.spawn({
    sessionId: row.id,
    projectId: row.projectId,
    cwd: row.worktreePath,
    command: plan.command,
    env: { ...plan.env, ...ctx.sessionEnv?.(row, plan), AO_SESSION_ID: row.id, AO_PROJECT_ID: row.projectId },
    logPath: sessionLogOf(ctx.dataDir, row.id),
    mounts: [sessionDir, ...(agent.stateDirs?.() ?? [])],
    ...(plan.files && plan.files.length > 0 ? { files: plan.files } : {}),
    ...(plan.stateSeed ? { stateSeed: plan.stateSeed } : {}),
    ...forwardOf(agent, row, baseUrl),
  });
  if (row.status === 'spawning' && ctx.store.find(row.id)?.status === 'killed') {
    // Killed while it was starting: the kill stands.
    await runtime.kill(handle);
    throw conflict(`session ${row.id} was killed while it started`);
  }
  const confirmable = canConfirm(agent);
  const detail = resumeId
    ? `resumed agent conversation ${resumeId}`
    : `started ${plan.command[0] ?? 'agent'}`;
  ctx.store.update(row.id, {
    status: 'running',
    statusReason: null,
    activity: 'starting',
    exit: null,
    runtimeHandle: handle,
    agentSessionId: plan.agentSessionId ?? row.agentSessionId,
    model: plan.model ?? row.model,
    evidence: {
      source: opts.evidence?.source ?? (opts.resume ? 'restore' : 'spawn'),
      detail: opts.evidence?.detail ? `${opts.evidence.detail}; ${detail}` : detail,
      at: new Date().toISOString(),
      confidence: 'high',
    },
  });
  // The first prompt is a message like any other: never assumed taken (DESIGN.md §6).
  if (prompt && plan.prompt.mode === 'argv') {
    if (confirmable) ctx.messages.create(row.id, 'prompt', prompt, 'sending', 'given on the command line');
    else ctx.messages.create(row.id, 'prompt', prompt, 'sent', `${row.agent} gives no delivery signal`);
  }
  ctx.watchers.start(row.id);
  if (plan.prompt.mode === 'type') {
    const { text, delayMs } = plan.prompt;
    // Recorded now, so the session is `starting` (not idle) until the agent takes it.
    const pending = confirmable
      ? ctx.messages.create(row.id, 'prompt', text, 'sending', `typed once the agent is up (${delayMs} ms)`)
      : null;
    ctx.timers.later(delayMs, () => {
      deliverMessage(ctx, row.id, text, { kind: 'prompt', messageId: pending?.id }).catch((err: Error) =>
        ctx.logger.warn({ sessionId: row.id, err: err.message }, 'first prompt was not delivered'),
      );
    });
  }
  watchStart(ctx, row.id);
  return handle;
}
