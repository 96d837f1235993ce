import { badRequest } from '@ao/shared/errors';
import { ISSUE_KEY_RE } from '@ao/shared/ids';
import type { IssueId } from '@ao/shared/plugin';

/**
 * The key of an issue for a tracker with keys: `ENG-42` as given, or a bare number in the configured team/project
 * (`42` → `ENG-42`). Anything else is a 400 naming `issue`.
 */
export function issueKeyOf(id: IssueId, defaultPrefix: string | undefined, tracker: string): string {
  if (typeof id === 'number') {
    if (!Number.isSafeInteger(id) || id < 1) throw badRequest(`not an issue number: ${id}`, 'issue');
    if (!defaultPrefix)
      throw badRequest(
        `${tracker} issues have keys like ENG-42; set a default team/project key to use numbers`,
        'issue',
      );
    return `${defaultPrefix}-${id}`;
  }
  if (!ISSUE_KEY_RE.test(id))
    throw badRequest(`not a ${tracker} issue key: "${id}" (expected e.g. ENG-42)`, 'issue');
  return id;
}

/** The number part of a key: `ENG-42` → 42. */
export function numberOfKey(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}
