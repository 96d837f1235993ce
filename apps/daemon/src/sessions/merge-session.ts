import type { PullRequest, Session } from '@ao/shared/session';
import { scmOf } from '../github/pr-sync';
import { AoError, conflict } from '@ao/shared/errors';
import type { Services } from '../services';
import { killSession } from './kill-session';

/** Merges a session's PR through the SCM; the session goes to Done and, per config, its runtime and worktree go. */
export async function mergeSession(
  s: Services,
  id: string,
  method?: 'squash' | 'merge' | 'rebase',
): Promise<Session> {
  const row = s.store.row(id);
  const pr = row.pr as PullRequest | null;
  if (!pr) throw conflict(`session ${id} has no pull request`);
  if (pr.state !== 'open') throw conflict(`PR #${pr.number} is ${pr.state}`);
  const found = scmOf(s, row);
  if (!found) throw new AoError('bad_request', `project ${row.projectId} has no project.repo`);
  const project = s.projects.get(row.projectId);
  await found.scm.merge(found.repo, pr.number, method ?? project.config.merge.method);
  const merged = await found.scm.getPr(found.repo, pr.number);
  s.store.update(id, { pr: merged }, { event: 'pr.updated' });
  await finishSession(s, id, 'PR merged');
  return s.store.get(id);
}

/** A session whose PR was merged or closed: Done, and cleaned up when the project says so. */
export async function finishSession(s: Services, id: string, reason: string): Promise<void> {
  const row = s.store.row(id);
  if (row.status === 'done') return;
  const wasLive = row.status !== 'killed';
  // Done first: cleanup below keeps a terminal status, so the card never flickers through "killed".
  s.store.update(id, { status: 'done', statusReason: reason });
  if (!s.projects.get(row.projectId).config.merge.cleanup || !wasLive) return;
  try {
    await killSession(s, id, { removeWorktree: true });
  } catch (err) {
    // Uncommitted or unpushed work stays where it is; the runtime still stops.
    s.logger.warn({ sessionId: id, err: (err as Error).message }, 'cleanup after merge left the worktree');
    await killSession(s, id, {}).catch((e: Error) =>
      s.logger.error({ sessionId: id, err: e.message }, 'cannot stop the runtime after merge'),
    );
  }
}
