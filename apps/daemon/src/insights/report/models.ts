import type { Report } from '@ao/shared/report';
import type { ReportCommit } from './commit-index';

/** Commits co-authored by each model (a commit naming two models counts for both), most first. */
export function commitsByModel(commits: readonly ReportCommit[]): Report['models'] {
  const counts = new Map<string, number>();
  for (const c of commits) for (const m of c.models) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts]
    .map(([model, n]) => ({ model, commits: n }))
    .sort((a, b) => b.commits - a.commits || a.model.localeCompare(b.model));
}
