import type { Session } from '@ao/shared/session';
import { AoError, conflict } from '@ao/shared/errors';
import type { Services } from '../services';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';
import { startAgent } from './start-agent';
import { stopWatching } from './watch-session';

/** Brings back a session whose runtime died (or that was killed) in its worktree, resuming the agent if it can. */
export async function restoreSession(s: Services, id: string): Promise<Session> {
  const row = s.store.row(id);
  if (row.status === 'done') throw conflict(`session ${id} is done (its PR was merged or closed)`);
  if (row.status === 'spawning') throw conflict(`session ${id} is still starting`);
  const { project, runtime, workspace } = pluginsOf(s, row);
  const handle = handleOf(row);
  if (handle && row.status === 'running') {
    const alive = (await runtime.aliveMany([handle])).get(handle.id);
    if (alive) throw conflict(`session ${id} is running; nothing to restore`);
  }
  const state = await workspace.state(row.worktreePath, project.repoPath);
  if (!state.exists) {
    throw new AoError(
      'conflict',
      `the worktree of ${id} was removed (${row.worktreePath}); start a new session`,
    );
  }
  stopWatching(s, id);
  if (handle) await runtime.kill(handle); // a dead pane kept for its last screen
  try {
    await startAgent(s, row, true);
  } catch (err) {
    const reason = (err as Error).message;
    s.store.update(id, { status: 'runtime_lost', statusReason: `restore failed: ${reason}` });
    throw new AoError('runtime_error', `restore of ${id} failed: ${reason}`);
  }
  return s.store.get(id);
}
