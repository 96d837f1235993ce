import type { PullRequest } from '@ao/shared/session';
import type { ProjectService } from '../projects/project-service';
import type { SessionPort } from '../sessions/port';
import type { SessionRow } from '../sessions/session-row';

export interface PrChange {
  session: SessionRow;
  prev: PullRequest | null;
  next: PullRequest | null;
}

/**
 * Refreshes a session's PR from the SCM: finds it by branch when none is linked yet, else reads its full state
 * (checks, reviews, threads, mergeability). Stores it with a `pr.updated` event when anything changed.
 */
export async function syncPr(
  sessions: SessionPort,
  projects: ProjectService,
  sessionId: string,
  fresh = false,
  /** Applied to the PR read before it is stored (the checks policy's verdicts). */
  annotate: (row: SessionRow, pr: PullRequest) => PullRequest = (_row, pr) => pr,
): Promise<PrChange | null> {
  const row = sessions.find(sessionId);
  if (!row) return null;
  const found = projects.scmOf(row.projectId);
  if (!found) return null;
  const prev = (row.pr as PullRequest | null) ?? null;
  const next = prev
    ? await found.scm.getPr(found.repo, prev.number, { fresh })
    : await found.scm.findPr(found.repo, row.branch);
  if (!next) return { session: row, prev, next: null };
  const full = annotate(row, prev ? next : await found.scm.getPr(found.repo, next.number));
  sessions.update(sessionId, { pr: full }, { event: 'pr.updated' });
  return { session: sessions.find(sessionId) ?? row, prev, next: full };
}
