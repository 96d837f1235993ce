import type { KillBody } from '@ao/shared/api';
import type { Session } from '@ao/shared/session';
import { AoError } from '@ao/shared/errors';
import type { Services } from '../services';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';
import { stopWatching } from './watch-session';

/**
 * Stops a session's runtime. With `removeWorktree`, also removes its worktree — refused (409, nothing changed) when
 * the worktree holds uncommitted or unpushed work, unless `force`.
 */
export async function killSession(s: Services, id: string, opts: KillBody = {}): Promise<Session> {
  const row = s.store.row(id);
  const { project, runtime, workspace } = pluginsOf(s, row);
  const removeWorktree = Boolean(opts.removeWorktree) && !row.worktreeRemoved;
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
  stopWatching(s, id);
  const handle = handleOf(row);
  if (handle) await runtime.kill(handle);
  const terminal = row.status === 'done' || row.status === 'killed';
  s.store.update(id, {
    status: terminal ? row.status : 'killed',
    statusReason: terminal ? row.statusReason : 'killed by the user',
    activity: 'exited',
    evidence: { source: 'user', detail: 'killed', at: new Date().toISOString(), confidence: 'high' },
  });
  if (removeWorktree) {
    await workspace.remove(row.worktreePath, project.repoPath, { force: Boolean(opts.force) });
    s.store.update(id, { worktreeRemoved: true });
  }
  return s.store.get(id);
}
