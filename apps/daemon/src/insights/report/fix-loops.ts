import type { Report } from '@ao/shared/report';
import { query, type ReportWindow } from './window';

/** The longest CI fix loops that began in the period: failure to the fix (or to the end of the period if open). */
export function longestFixLoops(w: ReportWindow, limit = 5): Report['fixLoops'] {
  const rows = query<{
    session: string;
    branch: string;
    head: string;
    checks: string;
    failedAt: string;
    fixedAt: string | null;
    fixedHead: string | null;
  }>(
    w,
    `SELECT c.session_id AS session, o.branch AS branch, c.failed_head AS head, c.checks AS checks,
            c.failed_at AS failedAt, c.fixed_at AS fixedAt, c.fixed_head AS fixedHead
       FROM ci_cycles c JOIN session_outcomes o ON o.session_id = c.session_id
      WHERE $P AND c.failed_at >= @s AND c.failed_at < @u`,
    'o.project_id',
  );
  const end = Date.parse(w.until);
  return rows
    .map((r) => {
      const fixed = r.fixedAt !== null && r.fixedHead !== r.head;
      const stop = r.fixedAt ? Date.parse(r.fixedAt) : Math.min(end, Date.now());
      const minutes = Math.round(((stop - Date.parse(r.failedAt)) / 60_000) * 10) / 10;
      return {
        session: r.session,
        branch: r.branch,
        head: r.head,
        checks: JSON.parse(r.checks),
        minutes,
        fixed,
      };
    })
    .sort((a, b) => b.minutes - a.minutes)
    .slice(0, limit);
}
