import { branchNameSchema, slugify } from '@ao/shared/ids';
import type { TrackerIssue } from '@ao/shared/plugin';

/**
 * The branch for an issue: `<prefix><number>-<slug of the title>`, e.g. `ao/42-fix-login-redirect`. Titles that slug
 * to nothing (emoji, punctuation, another script) give `<prefix><number>`. Throws when the prefix makes it invalid.
 */
export function branchForIssue(issue: Pick<TrackerIssue, 'number' | 'title'>, prefix = 'ao/'): string {
  if (!Number.isSafeInteger(issue.number) || issue.number < 1)
    throw new Error(`not an issue number: ${issue.number}`);
  const slug = slugify(issue.title, 40);
  return branchNameSchema.parse(slug ? `${prefix}${issue.number}-${slug}` : `${prefix}${issue.number}`);
}
