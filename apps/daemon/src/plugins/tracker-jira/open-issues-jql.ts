import { trackerError } from '@ao/shared/errors';
import type { IssueListFilter } from '@ao/shared/plugin';

/**
 * A JQL string literal: the value between double quotes, `\` and `"` escaped, so config text is always data (a value
 * like `x" OR project = "OTHER` stays one string). Control characters are refused (the config refuses them first).
 */
export function jqlString(value: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) throw trackerError('a Jira query value has a control character');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The JQL of listOpen: issues not Done, of the project when one is configured, in one of `states` and assigned to
 * `assignee` (an accountId, or `currentUser()`: the token's user) when given, newest first.
 */
export function openIssuesJql(projectKey: string | undefined, by: IssueListFilter = {}): string {
  const clauses: string[] = [];
  if (projectKey) clauses.push(`project = ${jqlString(projectKey)}`);
  if (by.states?.length) clauses.push(`status in (${by.states.map(jqlString).join(', ')})`);
  if (by.assignee !== undefined)
    clauses.push(`assignee = ${by.assignee === 'currentUser()' ? 'currentUser()' : jqlString(by.assignee)}`);
  clauses.push('statusCategory != Done');
  return `${clauses.join(' AND ')} ORDER BY created DESC`;
}
