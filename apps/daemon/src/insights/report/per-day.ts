import type { Report } from '@ao/shared/report';
import type { CommitSummary } from './commit-summary';
import { query, type ReportWindow } from './window';

type Day = Report['days'][number];

/** Per UTC day: commits on the default branch and on other branches, lines added, PRs merged. Oldest first. */
export function perDay(w: ReportWindow, commits: CommitSummary): Report['days'] {
  const days = new Map<string, Day>();
  const dayOf = (key: string): Day => {
    let d = days.get(key);
    if (!d) {
      d = { day: key, mainCommits: 0, branchCommits: 0, linesAdded: 0, prsMerged: 0 };
      days.set(key, d);
    }
    return d;
  };
  for (const [key, c] of commits.days) {
    const d = dayOf(key);
    d.mainCommits += c.main;
    d.branchCommits += c.branch;
    d.linesAdded += c.lines;
  }
  const merged = query<{ day: string; n: number }>(
    w,
    `SELECT substr(merged_at, 1, 10) AS day, count(*) AS n FROM session_outcomes
      WHERE $P AND merged_at >= @s AND merged_at < @u GROUP BY day`,
  );
  for (const m of merged) dayOf(m.day).prsMerged += m.n;
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
