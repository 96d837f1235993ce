import type { Dependency } from '@ao/shared/dependencies';
import type { IssueRef, SessionConflict } from '@ao/shared/session';
import type { Dependencies, SessionRow } from '../../sessions/session-row';

/** Sessions whose work is over: they block nothing any more. */
const OVER = new Set(['done', 'killed', 'failed']);

/**
 * The order between a project's sessions: an issue whose body says "blocked by #N" / "depends on #N" waits for the
 * session working on #N; of two sessions whose branches are predicted to conflict, the one started later waits for the
 * one started first (it will have to merge the other's work). Sessions whose work is over block nothing.
 */
export function computeDependencies(
  rows: readonly SessionRow[],
  conflicts: ReadonlyMap<string, readonly SessionConflict[]>,
): Map<string, Dependencies> {
  const out = new Map<string, Dependencies>(rows.map((r) => [r.id, { blockedBy: [], blocks: [] }]));
  const open = rows.filter((r) => !OVER.has(r.status));
  const byIssue = new Map<number, SessionRow>();
  for (const r of open) {
    const issue = r.issue as IssueRef | null;
    if (issue && !issue.key) byIssue.set(issue.number, r);
  }
  const issueOf = (r: SessionRow) => (r.issue as IssueRef | null)?.number ?? null;
  const edge = (waiting: SessionRow, first: SessionRow, reason: Dependency['reason']) => {
    const w = out.get(waiting.id) as Dependencies;
    if (w.blockedBy.some((d) => d.session === first.id)) return;
    w.blockedBy.push({ session: first.id, issue: issueOf(first), reason });
    out.get(first.id)?.blocks.push({ session: waiting.id, issue: issueOf(waiting), reason });
  };
  const started = new Map(open.map((r) => [r.id, r]));
  for (const r of open) {
    for (const n of (r.issue as IssueRef | null)?.blockedBy ?? []) {
      const blocker = byIssue.get(n);
      if (blocker && blocker.id !== r.id) edge(r, blocker, 'issue');
    }
    for (const c of conflicts.get(r.id) ?? []) {
      const other = started.get(c.with);
      if (c.kind !== 'conflict' || !other) continue;
      if (before(other, r)) edge(r, other, 'conflict');
    }
  }
  return out;
}

function before(a: SessionRow, b: SessionRow): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}
