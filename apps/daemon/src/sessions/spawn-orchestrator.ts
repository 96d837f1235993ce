import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AoError } from '@ao/shared/errors';
import type { Session } from '@ao/shared/session';
import { privateDir } from '../util/private-dir';
import type { SessionContext } from './context';
import { pluginsOf } from './session-plugins';
import type { SessionRow } from './session-row';
import { startAgent } from './start-agent';

/** The orchestrator's scratch directory: under the data dir, never a worktree of the user's repository. */
export const orchestratorDirOf = (dataDir: string, key: string) =>
  join(dataDir, 'orchestrators', key === '*' ? '_all' : key);

export interface SpawnOrchestratorInput {
  projectId: string;
  /** `projectId`, or `*` for one orchestrator across projects (its scratch directory). */
  key: string;
  agent: string;
  /** Called once the session's row exists (before its agent started), with its id. */
  onCreated?(id: string): void;
}

/**
 * Starts an orchestrator session: a session like the others (any agent, any runtime, a live terminal, restored after a
 * restart) with `kind: 'orchestrator'`, run in a scratch directory of its own: no branch, worktree or PR. It gets no
 * first prompt: its role comes with the first wake (and through the agent's system-prompt channel), so a quiet fleet
 * costs no tokens.
 */
export async function spawnOrchestrator(s: SessionContext, input: SpawnOrchestratorInput): Promise<Session> {
  const project = s.projects.get(input.projectId);
  const { config } = project;
  pluginsOf(s, {
    projectId: project.id,
    kind: 'orchestrator',
    agent: input.agent,
    runtime: config.runtime,
    workspace: config.workspace,
  });
  const id = s.store.nextId(project.id);
  const now = new Date().toISOString();
  const dir = orchestratorDirOf(s.dataDir, input.key);
  privateDir(join(s.dataDir, 'orchestrators'));
  privateDir(dir);
  const row: SessionRow = {
    id,
    projectId: project.id,
    kind: 'orchestrator',
    status: 'spawning',
    activity: 'starting',
    statusReason: null,
    evidence: { source: 'spawn', detail: 'starting the orchestrator', at: now, confidence: 'high' },
    // Never a real branch: unique per session so a later orchestrator of the project does not collide.
    branch: `orchestrator/${id}`,
    baseBranch: config.project.defaultBranch,
    worktreePath: dir,
    worktreeRemoved: false,
    agent: input.agent,
    runtime: config.runtime,
    workspace: config.workspace,
    runtimeHandle: null,
    hookSecret: randomBytes(24).toString('hex'),
    prompt: null,
    title: input.key === '*' ? 'Orchestrator (all projects)' : `Orchestrator of ${project.id}`,
    issue: null,
    pr: null,
    agentSessionId: null,
    model: null,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    escalated: false,
    createdAt: now,
    updatedAt: now,
    lastActivityAt: null,
    activitySince: now,
    prConfirmedAt: null,
    exit: null,
    promptPending: false,
    queuedMessages: 0,
    agentState: null,
    conflicts: null,
    dependencies: null,
  };
  s.store.insert(row);
  input.onCreated?.(id);
  try {
    await startAgent(s, s.store.row(id), { resume: false });
  } catch (err) {
    const reason = (err as Error).message;
    s.logger.error({ sessionId: id, err: reason }, 'orchestrator failed to start');
    if (s.store.find(id)?.status === 'spawning')
      s.store.update(id, { status: 'failed', statusReason: reason, activity: 'exited' });
    throw new AoError('runtime_error', `orchestrator ${id} failed to start: ${reason}`);
  }
  return s.store.get(id);
}
