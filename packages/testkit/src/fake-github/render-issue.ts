import { type RenderCtx, renderLabel, renderUser } from './render';
import type { FakeComment, FakeIssue, FakePull, FakeRepo } from './state';
import { fakeSha } from './state';

/** Issues and issue comments in GitHub's REST shapes. */

export function renderIssue(ctx: RenderCtx, repo: FakeRepo, issue: FakeIssue | FakePull) {
  const full = `${repo.owner}/${repo.name}`;
  const isPull = 'head' in issue;
  const comments = isPull ? 0 : (issue as FakeIssue).comments.length;
  return {
    url: `${ctx.api}/repos/${full}/issues/${issue.number}`,
    repository_url: `${ctx.api}/repos/${full}`,
    comments_url: `${ctx.api}/repos/${full}/issues/${issue.number}/comments`,
    html_url: `${ctx.html}/${full}/${isPull ? 'pull' : 'issues'}/${issue.number}`,
    id: Number.parseInt(fakeSha(`issue:${full}#${issue.number}`).slice(0, 8), 16),
    node_id: Buffer.from(`05:Issue${full}#${issue.number}`).toString('base64'),
    number: issue.number,
    title: issue.title,
    user: renderUser(ctx, issue.author),
    labels: issue.labels.map((l) => renderLabel(ctx, repo, l)),
    state: issue.state,
    state_reason: null,
    locked: false,
    assignee: 'head' in issue || !issue.assignees?.[0] ? null : renderUser(ctx, issue.assignees[0]),
    assignees: 'head' in issue ? [] : (issue.assignees ?? []).map((a) => renderUser(ctx, a)),
    milestone: null,
    comments,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: isPull ? (issue as FakePull).closedAt : null,
    author_association: 'OWNER',
    body: issue.body,
    ...(isPull
      ? {
          draft: (issue as FakePull).draft,
          pull_request: {
            url: `${ctx.api}/repos/${full}/pulls/${issue.number}`,
            html_url: `${ctx.html}/${full}/pull/${issue.number}`,
            diff_url: `${ctx.html}/${full}/pull/${issue.number}.diff`,
            patch_url: `${ctx.html}/${full}/pull/${issue.number}.patch`,
            merged_at: (issue as FakePull).mergedAt,
          },
        }
      : {}),
  };
}

export function renderIssueComment(ctx: RenderCtx, repo: FakeRepo, issueNumber: number, c: FakeComment) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: c.id,
    node_id: Buffer.from(`012:IssueComment${c.id}`).toString('base64'),
    url: `${ctx.api}/repos/${full}/issues/comments/${c.id}`,
    html_url: `${ctx.html}/${full}/issues/${issueNumber}#issuecomment-${c.id}`,
    issue_url: `${ctx.api}/repos/${full}/issues/${issueNumber}`,
    user: renderUser(ctx, c.author),
    created_at: c.createdAt,
    updated_at: c.createdAt,
    author_association: 'OWNER',
    body: c.body,
  };
}
