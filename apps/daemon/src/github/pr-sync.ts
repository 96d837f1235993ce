import type { PullRequest } from '@ao/shared/session';
import type { Services } from '../services';
import type { SessionRow } from '../sessions/session-row';

export interface PrChange {
  session: SessionRow;
  prev: PullRequest | null;
  next: PullRequest | null;
}

/** The SCM plugin of a session's project, or null when the project has no GitHub repository. */
export function scmOf(s: Services, row: Pick<SessionRow, 'projectId'>) {
  const project = s.projects.get(row.projectId);
  const repo = project.config.project.repo;
  if (!repo) return null;
  const name = project.config.scm;
  return { repo, scm: s.registry.create('scm', name, s.projects.settings(project, 'scm', name)) };
}

/**
 * Refreshes a session's PR from the SCM: finds it by branch when none is linked yet, else reads its full state
 * (checks, reviews, threads, mergeability). Stores it with a `pr.updated` event when anything changed.
 */
export async function syncPr(s: Services, sessionId: string, fresh = false): Promise<PrChange | null> {
  const row = s.store.find(sessionId);
  if (!row) return null;
  const found = scmOf(s, row);
  if (!found) return null;
  const prev = (row.pr as PullRequest | null) ?? null;
  const next = prev
    ? await found.scm.getPr(found.repo, prev.number, { fresh })
    : await found.scm.findPr(found.repo, row.branch);
  if (!next) return { session: row, prev, next: null };
  const full = prev ? next : await found.scm.getPr(found.repo, next.number);
  s.store.update(sessionId, { pr: full }, { event: 'pr.updated' });
  return { session: s.store.row(sessionId), prev, next: full };
}
