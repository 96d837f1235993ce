import { renderIssue, renderIssueComment } from './render-issue';
import { type Handler, notFound, page, repoPath } from './route-kit';
import type { FakeIssue, FakePull } from './state';
import { nextId, now } from './state';

/** REST handlers of the fake GitHub for reading issues and their comments (and adding a comment). */

export const listIssues: Handler = (input) => {
  const state = input.query.get('state') ?? 'open';
  const labels = (input.query.get('labels') ?? '').split(',').filter(Boolean);
  // GitHub's `assignee`: a login (compared ignoring case), `none` (unassigned) or `*` (assigned to anyone).
  const assignee = input.query.get('assignee')?.toLowerCase();
  const assigned = (i: FakeIssue | FakePull) => {
    const logins = ('head' in i ? [] : (i.assignees ?? [])).map((a) => a.toLowerCase());
    if (assignee === undefined) return true;
    if (assignee === 'none') return logins.length === 0;
    if (assignee === '*') return logins.length > 0;
    return logins.includes(assignee);
  };
  const all = [...input.repo.issues.values(), ...input.repo.pulls.values()]
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => labels.every((l) => i.labels.includes(l)))
    .filter(assigned)
    .sort((a, b) => b.number - a.number);
  const rendered = all.map((i) => renderIssue(input.ctx, input.repo, i));
  return page(rendered, input, repoPath(input.repo, '/issues'));
};

export const getIssue: Handler = (input) => {
  const n = Number(input.params[0]);
  const item = input.repo.issues.get(n) ?? input.repo.pulls.get(n);
  return item ? { status: 200, body: renderIssue(input.ctx, input.repo, item) } : notFound();
};

export const listIssueComments: Handler = (input) => {
  const n = Number(input.params[0]);
  const issue = input.repo.issues.get(n);
  if (!issue) return input.repo.pulls.has(n) ? { status: 200, body: [] } : notFound();
  const rendered = issue.comments.map((c) => renderIssueComment(input.ctx, input.repo, n, c));
  return page(rendered, input, repoPath(input.repo, `/issues/${n}/comments`));
};

export const createIssueComment: Handler = (input) => {
  const n = Number(input.params[0]);
  const issue = input.repo.issues.get(n);
  if (!issue || typeof input.body.body !== 'string') return notFound();
  const c = { id: nextId(), author: input.repo.owner, body: input.body.body, createdAt: now() };
  issue.comments.push(c);
  return { status: 201, body: renderIssueComment(input.ctx, input.repo, n, c) };
};
