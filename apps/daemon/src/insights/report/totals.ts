import type { Report } from '@ao/shared/report';
import type { CommitSummary } from './commit-summary';
import { peakConcurrency } from './peak-concurrency';
import { query, type ReportWindow } from './window';

/** Sessions, PRs created and merged, commits on all branches, lines added, AI co-authored share, peak concurrency. */
export function totalsOf(w: ReportWindow, commits: CommitSummary): Report['totals'] {
  const [counts] = query<{ sessions: number; created: number; merged: number }>(
    w,
    `SELECT coalesce(sum(started_at >= @s AND started_at < @u), 0) AS sessions,
            coalesce(sum(first_pr_at >= @s AND first_pr_at < @u), 0) AS created,
            coalesce(sum(merged_at >= @s AND merged_at < @u), 0) AS merged
       FROM session_outcomes WHERE $P`,
  );
  return {
    sessions: counts?.sessions ?? 0,
    prsCreated: counts?.created ?? 0,
    prsMerged: counts?.merged ?? 0,
    commits: commits.commits,
    linesAdded: commits.linesAdded,
    aiCommits: commits.aiCommits,
    aiShare: commits.commits ? commits.aiCommits / commits.commits : 0,
    peakConcurrentAgents: peakConcurrency(w),
  };
}
