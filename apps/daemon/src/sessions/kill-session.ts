import type { KillBody } from '@ao/shared/api';
import { AoError } from '@ao/shared/errors';
import type { Session } from '@ao/shared/session';
import type { SessionContext } from './context';
import { saveRuntimeWork } from './save-runtime-work';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';

/**
 * Stops a session's runtime. With `removeWorktree`, also removes its worktree — refused (409, nothing changed) when
 * the worktree holds uncommitted or unpushed work, unless `force`. A runtime that holds the workspace itself (a pod's
 * clone) saves the agent's unpushed work to a rescue ref first; if it cannot, the kill is refused unless `force`.
 * Messages the agent had not taken are dropped.
 */
export async function killSession(ctx: SessionContext, id: string, opts: KillBody = {}): Promise<Session> {
  const row = ctx.store.row(id);
  const { project, runtime, workspace } = pluginsOf(ctx, row);
  // An orchestrator's scratch directory is no worktree: nothing to remove.
  const removeWorktree = Boolean(opts.removeWorktree) && !row.worktreeRemoved && row.kind !== 'orchestrator';
  if (removeWorktree && !opts.force) {
    const state = await workspace.state(row.worktreePath, project.repoPath);
    if (state.exists && (state.dirty || state.unpushed > 0)) {
      const what = [
        state.dirty && 'uncommitted changes',
        state.unpushed > 0 && `${state.unpushed} unpushed commit(s)`,
      ]
        .filter(Boolean)
        .join(' and ');
      throw new AoError(
        'unsafe_worktree',
        `worktree ${row.worktreePath} has ${what}; push them, or use --force to discard`,
      );
    }
  }
  const handle = handleOf(row);
  // A workspace that lives in the runtime (a pod's clone) goes with it: its unpushed work is saved first.
  const saved = await saveRuntimeWork(ctx, row, runtime, handle, Boolean(opts.force));
  ctx.watchers.stop(id);
  ctx.stopping.add(id);
  try {
    if (handle) await runtime.kill(handle);
  } finally {
    ctx.stopping.delete(id);
  }
  const now = ctx.store.row(id);
  const terminal = now.status === 'done' || now.status === 'killed';
  ctx.store.update(id, {
    status: terminal ? now.status : 'killed',
    statusReason: terminal ? now.statusReason : `killed by the user${saved ? `; ${saved}` : ''}`,
    activity: 'exited',
    evidence: {
      source: 'user',
      detail: saved ? `killed; ${saved}` : 'killed',
      at: new Date().toISOString(),
      confidence: 'high',
    },
  });
  ctx.messages.dropWaiting(id, 'the session was killed before the agent took it');
  if (removeWorktree) {
    await workspace.remove(row.worktreePath, project.repoPath, { force: Boolean(opts.force) });
    ctx.store.update(id, { worktreeRemoved: true });
  }
  return ctx.store.get(id);
}
