import type { Report } from '@ao/shared/report';
import type { CommitSummary } from './commit-summary';

/** Commits co-authored by each model (a commit naming two models counts for both), most first. */
export function commitsByModel(commits: CommitSummary): Report['models'] {
  return [...commits.models]
    .map(([model, n]) => ({ model, commits: n }))
    .sort((a, b) => b.commits - a.commits || a.model.localeCompare(b.model));
}
