import { type RenderCtx, renderLabel, renderRepo, renderUser, userId } from './render';
import type { FakePull, FakeRepo, FakeReview, FakeThread, FakeThreadComment } from './state';
import { fakeSha } from './state';

/** Pull requests, reviews and review comments in GitHub's REST shapes. */

function renderRef(ctx: RenderCtx, repo: FakeRepo, ref: { ref: string; sha: string }) {
  return {
    label: `${repo.owner}:${ref.ref}`,
    ref: ref.ref,
    sha: ref.sha,
    user: renderUser(ctx, repo.owner),
    repo: renderRepo(ctx, repo),
  };
}

/** `full` adds what only `GET /pulls/{n}` returns (merged, mergeable, mergeable_state, counts). */
export function renderPull(ctx: RenderCtx, repo: FakeRepo, pr: FakePull, full: boolean) {
  const name = `${repo.owner}/${repo.name}`;
  const base = {
    url: `${ctx.api}/repos/${name}/pulls/${pr.number}`,
    id: Number.parseInt(fakeSha(`pull:${name}#${pr.number}`).slice(0, 8), 16),
    node_id: Buffer.from(`011:PullRequest${name}#${pr.number}`).toString('base64'),
    html_url: `${ctx.html}/${name}/pull/${pr.number}`,
    diff_url: `${ctx.html}/${name}/pull/${pr.number}.diff`,
    patch_url: `${ctx.html}/${name}/pull/${pr.number}.patch`,
    issue_url: `${ctx.api}/repos/${name}/issues/${pr.number}`,
    commits_url: `${ctx.api}/repos/${name}/pulls/${pr.number}/commits`,
    review_comments_url: `${ctx.api}/repos/${name}/pulls/${pr.number}/comments`,
    comments_url: `${ctx.api}/repos/${name}/issues/${pr.number}/comments`,
    statuses_url: `${ctx.api}/repos/${name}/statuses/${pr.head.sha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: renderUser(ctx, pr.author),
    body: pr.body,
    labels: pr.labels.map((l) => renderLabel(ctx, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pr.requestedReviewers.map((u) => renderUser(ctx, u)),
    requested_teams: pr.requestedTeams.map((t) => ({ id: userId(t), name: t, slug: t })),
    head: renderRef(ctx, repo, pr.head),
    base: renderRef(ctx, repo, pr.base),
    author_association: 'OWNER',
    auto_merge: null,
    draft: pr.draft,
  };
  if (!full) return base;
  return {
    ...base,
    merged: pr.merged,
    mergeable: pr.mergeable,
    rebaseable: pr.mergeable,
    mergeable_state: pr.mergeableState,
    merged_by: pr.merged ? renderUser(ctx, repo.owner) : null,
    comments: 0,
    review_comments: repo.threads
      .filter((t) => t.pull === pr.number)
      .reduce((n, t) => n + t.comments.length, 0),
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 1,
    changed_files: 1,
  };
}

export function renderReview(ctx: RenderCtx, repo: FakeRepo, r: FakeReview) {
  const name = `${repo.owner}/${repo.name}`;
  const html = `${ctx.html}/${name}/pull/${r.pull}#pullrequestreview-${r.id}`;
  return {
    id: r.id,
    node_id: Buffer.from(`017:PullRequestReview${r.id}`).toString('base64'),
    user: renderUser(ctx, r.author),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: `${ctx.api}/repos/${name}/pulls/${r.pull}`,
    author_association: 'COLLABORATOR',
    _links: { html: { href: html }, pull_request: { href: `${ctx.api}/repos/${name}/pulls/${r.pull}` } },
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
  };
}

export function commentHtmlUrl(ctx: RenderCtx, repo: FakeRepo, pull: number, commentId: number): string {
  return `${ctx.html}/${repo.owner}/${repo.name}/pull/${pull}#discussion_r${commentId}`;
}

export function renderReviewComment(
  ctx: RenderCtx,
  repo: FakeRepo,
  t: FakeThread,
  c: FakeThreadComment,
  headSha: string,
) {
  const name = `${repo.owner}/${repo.name}`;
  const first = t.comments[0];
  const html = commentHtmlUrl(ctx, repo, t.pull, c.id);
  return {
    url: `${ctx.api}/repos/${name}/pulls/comments/${c.id}`,
    pull_request_review_id: c.id + 1,
    id: c.id,
    node_id: Buffer.from(`024:PullRequestReviewComment${c.id}`).toString('base64'),
    diff_hunk: `@@ -1 +1 @@\n-old\n+new`,
    path: t.path,
    position: t.isOutdated ? null : t.line,
    original_position: t.line,
    commit_id: headSha,
    original_commit_id: headSha,
    in_reply_to_id: first && first.id !== c.id ? first.id : undefined,
    user: renderUser(ctx, c.author),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.createdAt,
    html_url: html,
    pull_request_url: `${ctx.api}/repos/${name}/pulls/${t.pull}`,
    author_association: 'COLLABORATOR',
    _links: {
      self: { href: `${ctx.api}/repos/${name}/pulls/comments/${c.id}` },
      html: { href: html },
      pull_request: { href: `${ctx.api}/repos/${name}/pulls/${t.pull}` },
    },
    line: t.isOutdated ? null : t.line,
    original_line: t.line,
    side: 'RIGHT',
  };
}
