import { renderRepo } from './render';
import { renderCheckRun, renderStatus } from './render-check';
import { type Handler, notFound, page, repoPath, resolveSha } from './route-kit';
import type { FakeRepo, FakeStatus } from './state';
import { runIdOf } from './state';

/** REST handlers of the fake GitHub for CI results: check runs, commit statuses, Actions jobs and their logs. */

function latestStatuses(repo: FakeRepo, sha: string): FakeStatus[] {
  const byContext = new Map<string, FakeStatus>();
  for (const s of repo.statuses) if (s.sha === sha) byContext.set(s.context, s);
  return [...byContext.values()];
}
export const listCheckRuns: Handler = (input) => {
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

export const combinedStatus: Handler = (input) => {
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

export const listStatuses: Handler = (input) => {
  const sha = resolveSha(input.repo, decodeURIComponent(input.params[0] ?? ''));
  const list = input.repo.statuses.filter((s) => s.sha === sha).reverse();
  const rendered = list.map((s) => renderStatus(input.ctx, input.repo, s));
  return page(rendered, input, repoPath(input.repo, `/commits/${input.params[0]}/statuses`));
};

export const jobLogs: Handler = (input) => {
  const id = Number(input.params[0]);
  if (!input.repo.jobLogs.has(id)) return notFound();
  return { status: 302, headers: { location: input.logDownloadUrl(input.repo, id) } };
};

/** An Actions job (= its check run): GitHub's shape, with the `run_id` of its workflow run. */
export const getJob: Handler = (input) => {
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

export const getCheckRun: Handler = (input) => {
  const run = input.repo.checkRuns.find((c) => c.id === Number(input.params[0]));
  return run ? { status: 200, body: renderCheckRun(input.ctx, input.repo, run) } : notFound();
};
