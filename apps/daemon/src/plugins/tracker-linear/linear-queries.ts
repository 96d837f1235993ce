import type { IssueListFilter, TrackerIssue } from '@ao/shared/plugin';

/** One issue with its labels and first comments, in one request (the SDK's models would take one per relation). */
export const ISSUE_QUERY = `query AoIssue($id: String!, $comments: Int!) {
  issue(id: $id) {
    identifier
    number
    title
    description
    url
    labels { nodes { name } }
    comments(first: $comments) { nodes { body createdAt user { displayName name } } }
  }
}`;

/** A page of open issues (not completed nor canceled), optionally of one team, newest first. */
export const OPEN_ISSUES_QUERY = `query AoOpenIssues($filter: IssueFilter, $after: String) {
  issues(first: 100, after: $after, filter: $filter, orderBy: createdAt) {
    nodes { identifier number title url labels { nodes { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Labels {
  labels?: { nodes?: Array<{ name?: string | null }> | null } | null;
}
export interface LinearIssueNode extends Labels {
  identifier: string;
  number: number;
  title: string;
  description?: string | null;
  url?: string | null;
  comments?: {
    nodes?: Array<{
      body?: string | null;
      createdAt?: string | null;
      user?: { displayName?: string | null; name?: string | null } | null;
    }> | null;
  } | null;
}
export interface IssueData {
  issue: LinearIssueNode | null;
}
export interface OpenIssuesData {
  issues: { nodes: LinearIssueNode[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };
}

/**
 * The IssueFilter of OPEN_ISSUES_QUERY: open states (named ones only, when given), the team when one is configured,
 * the assignee (`me`: the API key's user; else an email, compared ignoring case) when given. Values are variables.
 */
export function openFilter(teamKey: string | undefined, by: IssueListFilter = {}): Record<string, unknown> {
  const state = {
    type: { nin: ['completed', 'canceled'] },
    ...(by.states?.length ? { name: { in: by.states } } : {}),
  };
  const assignee =
    by.assignee === undefined
      ? undefined
      : by.assignee === 'me'
        ? { isMe: { eq: true } }
        : { email: { eqIgnoreCase: by.assignee } };
  return {
    state,
    ...(teamKey ? { team: { key: { eq: teamKey } } } : {}),
    ...(assignee ? { assignee } : {}),
  };
}

export function toIssue(n: LinearIssueNode, maxComments: number): TrackerIssue {
  const comments = [...(n.comments?.nodes ?? [])]
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))
    .slice(0, maxComments)
    .map((c) => ({ author: c.user?.displayName || c.user?.name || 'unknown', body: c.body ?? '' }));
  return {
    number: n.number,
    key: n.identifier,
    title: n.title,
    body: n.description ?? '',
    url: n.url ?? null,
    labels: (n.labels?.nodes ?? []).map((l) => l.name ?? '').filter(Boolean),
    comments,
  };
}
