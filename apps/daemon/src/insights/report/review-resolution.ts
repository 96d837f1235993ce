import type { Report } from '@ao/shared/report';
import { query, type ReportWindow } from './window';

/** Inline review comments: fixed (resolved after a new commit), explained away (resolved without one), deferred, open. */
export function reviewResolution(w: ReportWindow): Report['reviewComments'] {
  const rows = query<{ outcome: string | null; n: number }>(
    w,
    `SELECT r.outcome AS outcome, count(*) AS n
       FROM review_items r JOIN session_outcomes o ON o.session_id = r.session_id
      WHERE $P AND r.kind = 'comment' AND r.first_seen_at >= @s AND r.first_seen_at < @u
      GROUP BY r.outcome`,
    'o.project_id',
  );
  const n = (o: string | null) => rows.find((r) => r.outcome === o)?.n ?? 0;
  return { fixed: n('fixed'), explained: n('explained'), deferred: n('deferred'), open: n(null) };
}
