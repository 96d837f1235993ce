/** Commits of a period summed by the index (over every repository of the report). */
export interface CommitSummary {
  commits: number;
  linesAdded: number;
  aiCommits: number;
  /** Per UTC day (YYYY-MM-DD): commits on the default branch, on other branches, lines added. */
  days: Map<string, { main: number; branch: number; lines: number }>;
  /** Commits co-authored by each model. */
  models: Map<string, number>;
}

export const emptySummary = (): CommitSummary => ({
  commits: 0,
  linesAdded: 0,
  aiCommits: 0,
  days: new Map(),
  models: new Map(),
});
