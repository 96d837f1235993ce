import { branchNameSchema, ISSUE_KEY_RE, slugify } from '@ao/shared/ids';
import type { TrackerIssue } from '@ao/shared/plugin';

/**
 * The branch for an issue: `<prefix><number>-<slug of the title>`, e.g. `ao/42-fix-login-redirect`, or for trackers
 * with keys `<prefix><key in lowercase>-<slug>`, e.g. `ao/eng-42-fix-login-redirect`. Titles that slug to nothing
 * (emoji, punctuation, another script) give `<prefix><number or key>`. Throws on a bad number or key, or when the
 * prefix makes it invalid.
 */
export function branchForIssue(
  issue: Pick<TrackerIssue, 'number' | 'title' | 'key'>,
  prefix = 'ao/',
): string {
  if (!Number.isSafeInteger(issue.number) || issue.number < 1)
    throw new Error(`not an issue number: ${issue.number}`);
  if (issue.key !== undefined && !ISSUE_KEY_RE.test(issue.key))
    throw new Error(`not an issue key: ${issue.key}`);
  const id = issue.key ? issue.key.toLowerCase() : String(issue.number);
  const slug = slugify(issue.title, 40);
  return branchNameSchema.parse(slug ? `${prefix}${id}-${slug}` : `${prefix}${id}`);
}
