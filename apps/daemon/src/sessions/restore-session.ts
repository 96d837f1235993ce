import { AoError, conflict } from '@ao/shared/errors';
import type { Evidence, Session } from '@ao/shared/session';
import { privateDir } from '../util/private-dir';
import type { SessionContext } from './context';
import { canMove, RESTORABLE } from './lifecycle';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';
import { startAgent } from './start-agent';

/**
 * Brings back a session whose agent ended, whose runtime died, or that was killed, in its worktree, resuming the
 * agent's conversation where it can. `evidence` says why (e.g. brought back after a restart).
 */
export async function restoreSession(
  ctx: SessionContext,
  id: string,
  evidence?: Pick<Evidence, 'source' | 'detail'>,
): Promise<Session> {
  const row = ctx.store.row(id);
  if (row.status === 'done') throw conflict(`session ${id} is done (its PR was merged or closed)`);
  if (row.status === 'spawning') throw conflict(`session ${id} is still starting`);
  const { project, runtime, workspace } = pluginsOf(ctx, row);
  const handle = handleOf(row);
  if (handle && row.status === 'running') {
    const state = (await runtime.stateMany([handle])).get(handle.id);
    if (state?.state === 'alive') throw conflict(`session ${id} is running; nothing to restore`);
  } else if (!RESTORABLE.has(row.status as Session['status'])) {
    throw conflict(`session ${id} is ${row.status}`);
  }
  // An orchestrator's scratch directory is not a worktree: it only has to exist (it is made again if it was removed).
  if (row.kind === 'orchestrator') privateDir(row.worktreePath);
  const state =
    row.kind === 'orchestrator'
      ? { exists: true }
      : await workspace.state(row.worktreePath, project.repoPath);
  if (!state.exists) {
    throw new AoError(
      'conflict',
      `the worktree of ${id} was removed (${row.worktreePath}); start a new session`,
    );
  }
  ctx.watchers.stop(id);
  ctx.stopping.add(id);
  try {
    if (handle) await runtime.kill(handle); // a dead pane kept for its last screen
  } finally {
    ctx.stopping.delete(id);
  }
  try {
    await startAgent(ctx, ctx.store.row(id), { resume: true, evidence });
  } catch (err) {
    const reason = (err as Error).message;
    const now = ctx.store.find(id);
    if (now) {
      // Where the lifecycle allows, the session shows as lost; a killed or failed one keeps its status.
      const status = canMove(now.status as Session['status'], 'runtime_lost') ? 'runtime_lost' : now.status;
      ctx.store.update(id, { status, statusReason: `restore failed: ${reason}` });
    }
    throw new AoError('runtime_error', `restore of ${id} failed: ${reason}`);
  }
  return ctx.store.get(id);
}
