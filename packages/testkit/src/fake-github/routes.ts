import { mergeInGit, syncFromGit } from './git-backing';
import { closeReferencedIssues, issueRoutes } from './issue-routes';
import type { RenderCtx } from './render';
import {
  renderCheckRun,
  renderIssue,
  renderIssueComment,
  renderPull,
  renderRepo,
  renderReview,
  renderReviewComment,
  renderStatus,
} from './render';
import { rerunRoutes } from './rerun-routes';
import type { FakeIssue, FakePull, FakeRepo, FakeStatus } from './state';
import { fakeSha, nextId, nextNumber, now, runIdOf } from './state';

/** The REST routes of the fake GitHub, as a table of (method, path pattern, handler). */

export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface RouteInput {
  repo: FakeRepo;
  /** Captures of the path pattern after owner and repo. */
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  ctx: RenderCtx;
  /** URL of the signed log download for a job (what the 302 points at). */
  logDownloadUrl(repo: FakeRepo, jobId: number): string;
}

type Handler = (input: RouteInput) => Reply;

const notFound = (): Reply => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
});
const unprocessable = (message: string): Reply => ({
  status: 422,
  body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message }] },
});

/** `per_page`/`page` slicing with a `Link` header, as GitHub paginates lists. */
function page<T>(items: T[], input: RouteInput, path: string): Reply {
  const perPage = Math.min(Number(input.query.get('per_page') ?? 30) || 30, 100);
  const pageNo = Math.max(Number(input.query.get('page') ?? 1) || 1, 1);
  const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const headers: Record<string, string> = {};
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  if (pageNo < last) {
    const q = new URLSearchParams(input.query);
    q.set('page', String(pageNo + 1));
    const next = `${input.ctx.api}${path}?${q}`;
    q.set('page', String(last));
    headers.link = `<${next}>; rel="next", <${input.ctx.api}${path}?${q}>; rel="last"`;
  }
  return { status: 200, body: slice, headers };
}

function repoPath(repo: FakeRepo, rest: string): string {
  return `/repos/${repo.owner}/${repo.name}${rest}`;
}

/** A ref is a sha or a branch name (resolved through the pull requests' heads). */
function resolveSha(repo: FakeRepo, ref: string): string {
  if (/^[0-9a-f]{40}$/.test(ref)) return ref;
  const tip = repo.branches.get(ref);
  if (tip) return tip;
  const pr = [...repo.pulls.values()].reverse().find((p) => p.head.ref === ref);
  return pr ? pr.head.sha : ref;
}

function latestStatuses(repo: FakeRepo, sha: string): FakeStatus[] {
  const byContext = new Map<string, FakeStatus>();
  for (const s of repo.statuses) if (s.sha === sha) byContext.set(s.context, s);
  return [...byContext.values()];
}

function pullOf(input: RouteInput): FakePull | undefined {
  return input.repo.pulls.get(Number(input.params[0]));
}

const listPulls: Handler = (input) => {
  const state = input.query.get('state') ?? 'open';
  const head = input.query.get('head');
  const base = input.query.get('base');
  let pulls = [...input.repo.pulls.values()];
  if (state !== 'all') pulls = pulls.filter((p) => p.state === state);
  if (head) pulls = pulls.filter((p) => `${input.repo.owner}:${p.head.ref}` === head || p.head.ref === head);
  if (base) pulls = pulls.filter((p) => p.base.ref === base);
  pulls.sort((a, b) => b.number - a.number);
  if (input.query.get('direction') === 'asc') pulls.reverse();
  const rendered = pulls.map((p) => renderPull(input.ctx, input.repo, p, false));
  return page(rendered, input, repoPath(input.repo, '/pulls'));
};

const createPull: Handler = (input) => {
  const { head, base, title, body, draft } = input.body;
  if (typeof head !== 'string' || typeof base !== 'string' || typeof title !== 'string') {
    return unprocessable('head, base and title are required');
  }
  const ref = head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
  const open = [...input.repo.pulls.values()].find((p) => p.state === 'open' && p.head.ref === ref);
  if (open) return unprocessable(`A pull request already exists for ${input.repo.owner}:${ref}.`);
  const t = now();
  const pr: FakePull = {
    number: nextNumber(input.repo),
    title,
    body: typeof body === 'string' ? body : '',
    state: 'open',
    merged: false,
    mergeCommitSha: null,
    draft: draft === true,
    author: input.repo.owner,
    head: { ref, sha: fakeSha(`head:${ref}`) },
    base: { ref: base, sha: fakeSha(`base:${base}`) },
    mergeable: null,
    mergeableState: 'unknown',
    requestedReviewers: [],
    requestedTeams: [],
    labels: [],
    createdAt: t,
    updatedAt: t,
    mergedAt: null,
    closedAt: null,
  };
  input.repo.pulls.set(pr.number, pr);
  syncFromGit(input.repo);
  return { status: 201, body: renderPull(input.ctx, input.repo, pr, true) };
};

const mergePull: Handler = (input) => {
  const pr = pullOf(input);
  if (!pr) return notFound();
  if (
    pr.merged ||
    pr.state !== 'open' ||
    pr.draft ||
    pr.mergeable !== true ||
    pr.mergeableState === 'dirty'
  ) {
    return {
      status: 405,
      body: { message: 'Pull Request is not mergeable', documentation_url: 'https://docs.github.com/rest' },
    };
  }
  const sha = input.body.sha;
  if (typeof sha === 'string' && sha !== pr.head.sha) {
    return { status: 409, body: { message: 'Head branch was modified. Review and try the merge again.' } };
  }
  const method = String(input.body.merge_method ?? 'merge');
  const landed = input.repo.gitDir ? mergeInGit(input.repo, pr, method) : null;
  if (input.repo.gitDir && !landed) {
    return { status: 405, body: { message: 'Pull Request is not mergeable' } };
  }
  const t = now();
  pr.merged = true;
  pr.state = 'closed';
  pr.mergedAt = t;
  pr.closedAt = t;
  pr.updatedAt = t;
  pr.mergeCommitSha = landed ?? fakeSha(`merge:${pr.head.sha}:${method}`);
  closeReferencedIssues(input.repo, pr);
  return {
    status: 200,
    body: { sha: pr.mergeCommitSha, merged: true, message: 'Pull Request successfully merged' },
  };
};

const listIssues: Handler = (input) => {
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

const getIssue: Handler = (input) => {
  const n = Number(input.params[0]);
  const item = input.repo.issues.get(n) ?? input.repo.pulls.get(n);
  return item ? { status: 200, body: renderIssue(input.ctx, input.repo, item) } : notFound();
};

const listIssueComments: Handler = (input) => {
  const n = Number(input.params[0]);
  const issue = input.repo.issues.get(n);
  if (!issue) return input.repo.pulls.has(n) ? { status: 200, body: [] } : notFound();
  const rendered = issue.comments.map((c) => renderIssueComment(input.ctx, input.repo, n, c));
  return page(rendered, input, repoPath(input.repo, `/issues/${n}/comments`));
};

const createIssueComment: Handler = (input) => {
  const n = Number(input.params[0]);
  const issue = input.repo.issues.get(n);
  if (!issue || typeof input.body.body !== 'string') return notFound();
  const c = { id: nextId(), author: input.repo.owner, body: input.body.body, createdAt: now() };
  issue.comments.push(c);
  return { status: 201, body: renderIssueComment(input.ctx, input.repo, n, c) };
};

const listCheckRuns: Handler = (input) => {
  const sha = resolveSha(input.repo, decodeURIComponent(input.params[0] ?? ''));
  const runs = input.repo.checkRuns.filter((c) => c.headSha === sha).sort((a, b) => b.id - a.id);
  const filtered =
    input.query.get('filter') === 'all'
      ? runs
      : runs.filter((c, i) => runs.findIndex((o) => o.name === c.name) === i);
  const perPage = Math.min(Number(input.query.get('per_page') ?? 30) || 30, 100);
  const pageNo = Math.max(Number(input.query.get('page') ?? 1) || 1, 1);
  const slice = filtered.slice((pageNo - 1) * perPage, pageNo * perPage);
  return {
    status: 200,
    body: {
      total_count: filtered.length,
      check_runs: slice.map((c) => renderCheckRun(input.ctx, input.repo, c)),
    },
  };
};

const combinedStatus: Handler = (input) => {
  const sha = resolveSha(input.repo, decodeURIComponent(input.params[0] ?? ''));
  const statuses = latestStatuses(input.repo, sha);
  const states = statuses.map((s) => s.state);
  // GitHub answers 'pending' for a commit with no statuses at all.
  const state = states.some((s) => s === 'failure' || s === 'error')
    ? 'failure'
    : states.length > 0 && states.every((s) => s === 'success')
      ? 'success'
      : 'pending';
  return {
    status: 200,
    body: {
      state,
      statuses: statuses.map((s) => renderStatus(input.ctx, input.repo, s)),
      sha,
      total_count: statuses.length,
      repository: renderRepo(input.ctx, input.repo),
      commit_url: `${input.ctx.api}${repoPath(input.repo, `/commits/${sha}`)}`,
      url: `${input.ctx.api}${repoPath(input.repo, `/commits/${sha}/status`)}`,
    },
  };
};

const listStatuses: Handler = (input) => {
  const sha = resolveSha(input.repo, decodeURIComponent(input.params[0] ?? ''));
  const list = input.repo.statuses.filter((s) => s.sha === sha).reverse();
  const rendered = list.map((s) => renderStatus(input.ctx, input.repo, s));
  return page(rendered, input, repoPath(input.repo, `/commits/${input.params[0]}/statuses`));
};

const jobLogs: Handler = (input) => {
  const id = Number(input.params[0]);
  if (!input.repo.jobLogs.has(id)) return notFound();
  return { status: 302, headers: { location: input.logDownloadUrl(input.repo, id) } };
};

/** An Actions job (= its check run): GitHub's shape, with the `run_id` of its workflow run. */
const getJob: Handler = (input) => {
  const run = input.repo.checkRuns.find(
    (c) => c.id === Number(input.params[0]) && c.app === 'github-actions',
  );
  if (!run) return notFound();
  return {
    status: 200,
    body: {
      id: run.id,
      run_id: runIdOf(run),
      name: run.name,
      head_sha: run.headSha,
      status: run.status,
      conclusion: run.conclusion,
      html_url: run.detailsUrl,
    },
  };
};

const getCheckRun: Handler = (input) => {
  const run = input.repo.checkRuns.find((c) => c.id === Number(input.params[0]));
  return run ? { status: 200, body: renderCheckRun(input.ctx, input.repo, run) } : notFound();
};

const listReviews: Handler = (input) => {
  const pr = pullOf(input);
  if (!pr) return notFound();
  const reviews = input.repo.reviews.filter((r) => r.pull === pr.number);
  const rendered = reviews.map((r) => renderReview(input.ctx, input.repo, r));
  return page(rendered, input, repoPath(input.repo, `/pulls/${pr.number}/reviews`));
};

const listReviewComments: Handler = (input) => {
  const pr = pullOf(input);
  if (!pr) return notFound();
  const rendered = input.repo.threads
    .filter((t) => t.pull === pr.number)
    .flatMap((t) => t.comments.map((c) => renderReviewComment(input.ctx, input.repo, t, c, pr.head.sha)));
  return page(rendered, input, repoPath(input.repo, `/pulls/${pr.number}/comments`));
};

const requestedReviewers: Handler = (input) => {
  const pr = pullOf(input);
  if (!pr) return notFound();
  const body = renderPull(input.ctx, input.repo, pr, false);
  return { status: 200, body: { users: body.requested_reviewers, teams: body.requested_teams } };
};

/** Patterns are matched against the path after `/repos/{owner}/{repo}`. */
export const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [
  { method: 'GET', pattern: /^$/, handler: (i) => ({ status: 200, body: renderRepo(i.ctx, i.repo) }) },
  { method: 'GET', pattern: /^\/pulls$/, handler: listPulls },
  { method: 'POST', pattern: /^\/pulls$/, handler: createPull },
  {
    method: 'GET',
    pattern: /^\/pulls\/(\d+)$/,
    handler: (i) => {
      const pr = pullOf(i);
      return pr ? { status: 200, body: renderPull(i.ctx, i.repo, pr, true) } : notFound();
    },
  },
  { method: 'PUT', pattern: /^\/pulls\/(\d+)\/merge$/, handler: mergePull },
  { method: 'GET', pattern: /^\/pulls\/(\d+)\/reviews$/, handler: listReviews },
  { method: 'GET', pattern: /^\/pulls\/(\d+)\/comments$/, handler: listReviewComments },
  { method: 'GET', pattern: /^\/pulls\/(\d+)\/requested_reviewers$/, handler: requestedReviewers },
  { method: 'GET', pattern: /^\/issues$/, handler: listIssues },
  { method: 'GET', pattern: /^\/issues\/(\d+)$/, handler: getIssue },
  { method: 'GET', pattern: /^\/issues\/(\d+)\/comments$/, handler: listIssueComments },
  { method: 'POST', pattern: /^\/issues\/(\d+)\/comments$/, handler: createIssueComment },
  { method: 'GET', pattern: /^\/commits\/([^/]+)\/check-runs$/, handler: listCheckRuns },
  { method: 'GET', pattern: /^\/commits\/([^/]+)\/status$/, handler: combinedStatus },
  { method: 'GET', pattern: /^\/commits\/([^/]+)\/statuses$/, handler: listStatuses },
  { method: 'GET', pattern: /^\/check-runs\/(\d+)$/, handler: getCheckRun },
  { method: 'GET', pattern: /^\/actions\/jobs\/(\d+)\/logs$/, handler: jobLogs },
  { method: 'GET', pattern: /^\/actions\/jobs\/(\d+)$/, handler: getJob },
  ...issueRoutes,
  ...rerunRoutes,
];
