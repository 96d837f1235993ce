import type {
  FakeCheckRun,
  FakeComment,
  FakeIssue,
  FakePull,
  FakeRepo,
  FakeReview,
  FakeStatus,
  FakeThread,
  FakeThreadComment,
} from './state';
import { fakeSha } from './state';

/**
 * REST bodies in GitHub's shapes (fields as in @octokit/webhooks-examples and @octokit/openapi-types), rendered from
 * the fake's state. `api` is the fake server's base URL; `html` is github.com.
 */
export interface RenderCtx {
  api: string;
  html: string;
}

function userId(login: string): number {
  return Number.parseInt(fakeSha(`user:${login}`).slice(0, 7), 16);
}

export function renderUser(ctx: RenderCtx, login: string) {
  return {
    login,
    id: userId(login),
    node_id: Buffer.from(`04:User${userId(login)}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${userId(login)}?v=4`,
    gravatar_id: '',
    url: `${ctx.api}/users/${login}`,
    html_url: `${ctx.html}/${login}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

export function renderRepo(ctx: RenderCtx, repo: FakeRepo) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: full,
    private: false,
    owner: renderUser(ctx, repo.owner),
    html_url: `${ctx.html}/${full}`,
    description: null,
    fork: false,
    url: `${ctx.api}/repos/${full}`,
    pulls_url: `${ctx.api}/repos/${full}/pulls{/number}`,
    issues_url: `${ctx.api}/repos/${full}/issues{/number}`,
    statuses_url: `${ctx.api}/repos/${full}/statuses/{sha}`,
    clone_url: `${ctx.html}/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    default_branch: repo.defaultBranch,
    archived: false,
    disabled: false,
    visibility: 'public',
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
  };
}

export function renderLabel(ctx: RenderCtx, repo: FakeRepo, name: string) {
  const id = Number.parseInt(fakeSha(`label:${name}`).slice(0, 7), 16);
  return {
    id,
    node_id: Buffer.from(`05:Label${id}`).toString('base64'),
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(name)}`,
    name,
    color: fakeSha(name).slice(0, 6),
    default: false,
    description: null,
  };
}

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

export function renderCheckRun(ctx: RenderCtx, repo: FakeRepo, c: FakeCheckRun) {
  const name = `${repo.owner}/${repo.name}`;
  const actions = c.app === 'github-actions';
  return {
    id: c.id,
    node_id: Buffer.from(`08:CheckRun${c.id}`).toString('base64'),
    head_sha: c.headSha,
    external_id: '',
    url: `${ctx.api}/repos/${name}/check-runs/${c.id}`,
    html_url: actions
      ? `${ctx.html}/${name}/actions/runs/${c.id + 1}/job/${c.id}`
      : `${ctx.html}/${name}/runs/${c.id}`,
    details_url:
      c.detailsUrl ?? (actions ? `${ctx.html}/${name}/actions/runs/${c.id + 1}/job/${c.id}` : null),
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: {
      ...c.output,
      annotations_count: 0,
      annotations_url: `${ctx.api}/repos/${name}/check-runs/${c.id}/annotations`,
    },
    name: c.name,
    check_suite: { id: c.id + 7 },
    app: {
      id: Number.parseInt(fakeSha(`app:${c.app}`).slice(0, 5), 16),
      slug: c.app,
      node_id: Buffer.from(`03:App${c.app}`).toString('base64'),
      owner: renderUser(ctx, actions ? 'github' : repo.owner),
      name: actions ? 'GitHub Actions' : c.app,
      description: '',
      external_url: actions ? 'https://help.github.com/en/actions' : `https://${c.app}.example`,
      html_url: `${ctx.html}/apps/${c.app}`,
      created_at: '2018-07-30T09:30:17Z',
      updated_at: '2019-12-10T19:04:12Z',
      permissions: { checks: 'write', metadata: 'read', pull_requests: 'read' },
      events: [],
    },
    pull_requests: [],
  };
}

export function renderStatus(ctx: RenderCtx, repo: FakeRepo, s: FakeStatus) {
  return {
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: Buffer.from(`06:Status${s.id}`).toString('base64'),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    creator: renderUser(ctx, repo.owner),
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
