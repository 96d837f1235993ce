import { badRequest, conflict } from '@ao/shared/errors';
import type { PullRequest, Session } from '@ao/shared/session';
import type { SessionContext } from './context';
import { killSession } from './kill-session';

/** Merges a session's PR through the SCM; the session goes to Done and, per config, its runtime and worktree go. */
export async function mergeSession(
  ctx: SessionContext,
  id: string,
  method?: 'squash' | 'merge' | 'rebase',
): Promise<Session> {
  const row = ctx.store.row(id);
  const pr = row.pr as PullRequest | null;
  if (!pr) throw conflict(`session ${id} has no pull request`);
  if (pr.state !== 'open') throw conflict(`PR #${pr.number} is ${pr.state}`);
  const found = ctx.projects.scmOf(row.projectId);
  if (!found) throw badRequest(`project ${row.projectId} has no project.repo`, 'repo');
  const project = ctx.projects.get(row.projectId);
  await found.scm.merge(found.repo, pr.number, method ?? project.config.merge.method);
  const merged = await found.scm.getPr(found.repo, pr.number);
  ctx.store.update(id, { pr: merged }, { event: 'pr.updated' });
  await finishSession(ctx, id, 'PR merged');
  return ctx.store.get(id);
}

/** A session whose PR was merged or closed: Done, and cleaned up when the project says so. */
export async function finishSession(ctx: SessionContext, id: string, reason: string): Promise<void> {
  const row = ctx.store.row(id);
  if (row.status === 'done') return;
  const wasLive = row.status !== 'killed';
  // Done first: cleanup below keeps a terminal status, so the card never flickers through "killed".
  ctx.store.update(id, { status: 'done', statusReason: reason });
  if (!ctx.projects.get(row.projectId).config.merge.cleanup || !wasLive) return;
  try {
    await killSession(ctx, id, { removeWorktree: true });
  } catch (err) {
    // Uncommitted or unpushed work stays where it is; the runtime still stops.
    ctx.logger.warn({ sessionId: id, err: (err as Error).message }, 'cleanup after merge left the worktree');
    await killSession(ctx, id, {}).catch((e: Error) =>
      ctx.logger.error({ sessionId: id, err: e.message }, 'cannot stop the runtime after merge'),
    );
  }
}
