import type { Scm } from '@ao/shared/plugin';
import { type FakeGitHub, fakeSha, startFakeGitHub } from '@ao/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scmGithub } from '../../src/plugins/scm-github/index';
import { testPluginContext } from './plugin-context';

const REPO = 'acme/app';

describe('scm-github against the fake GitHub', () => {
  let gh: FakeGitHub;
  let scm: Scm;
  let repoN = 0;
  let repo = REPO;

  beforeAll(async () => {
    gh = await startFakeGitHub();
  });
  afterAll(() => gh.close());
  beforeEach(() => {
    // A fresh repository per test: no state leaks between tests, and a fresh plugin (empty ETag cache).
    repoN += 1;
    repo = `acme/app${repoN}`;
    gh.addRepo(repo);
    scm = scmGithub.create(
      scmGithub.configSchema.parse({ GITHUB_TOKEN: gh.token, baseUrl: gh.url }),
      testPluginContext(),
    );
  });

  it('getPr maps state, checks with links, requested reviewers, unresolved threads and mergeability', async () => {
    const pr = gh.addPull(repo, {
      title: 'Fix login',
      head: 'ao/1-fix-login',
      requestedReviewers: ['alice'],
    });
    const build = gh.addCheckRun(repo, { name: 'build', headSha: pr.head.sha, conclusion: 'success' });
    gh.addStatus(repo, {
      sha: pr.head.sha,
      context: 'ci/legacy',
      state: 'success',
      targetUrl: 'https://ci.example/7',
    });
    gh.addThread(repo, {
      pull: pr.number,
      path: 'src/login.ts',
      line: 12,
      comments: [
        { author: 'alice', body: 'Handle the null case' },
        { author: 'ao-bot', body: 'Will do' },
      ],
    });
    gh.addThread(repo, {
      pull: pr.number,
      path: 'README.md',
      line: 1,
      isResolved: true,
      comments: [{ author: 'alice', body: 'typo' }],
    });

    const got = await scm.getPr(repo, pr.number);
    expect(got).toMatchObject({
      number: pr.number,
      url: `https://github.com/${repo}/pull/${pr.number}`,
      title: 'Fix login',
      state: 'open',
      draft: false,
      headSha: pr.head.sha,
      ci: 'passing',
      reviewDecision: 'review_required',
      reviewersRequested: 1,
      mergeable: 'mergeable',
    });
    expect(got.checks).toEqual([
      {
        name: 'build',
        status: 'completed',
        conclusion: 'success',
        url: expect.stringMatching(/\/actions\/runs\/\d+\/job\/\d+$/),
        id: build.id,
      },
      { name: 'ci/legacy', status: 'completed', conclusion: 'success', url: 'https://ci.example/7' },
    ]);
    expect(got.unresolvedThreads).toHaveLength(1);
    expect(got.unresolvedThreads[0]).toMatchObject({ path: 'src/login.ts', line: 12, author: 'alice' });
    expect(got.unresolvedThreads[0]?.body).toMatch(/^Handle the null case\n\n> ao-bot: Will do$/);
    expect(got.unresolvedThreads[0]?.url).toMatch(new RegExp(`/pull/${pr.number}#discussion_r\\d+$`));
  });

  it('rerunFailedChecks re-runs the failed jobs of an Actions run, else re-requests the check suite', async () => {
    gh.clearRequests();
    const sha = fakeSha('rerun');
    const job = gh.addCheckRun(repo, { name: 'e2e', headSha: sha, conclusion: 'failure' });
    gh.scriptRerun(repo, 'e2e', 'failure');
    expect(await scm.rerunFailedChecks?.(repo, { checkRunId: job.id })).toEqual({
      via: 'workflow_run',
      id: job.id + 1,
    });
    const other = gh.addCheckRun(repo, {
      name: 'lint',
      headSha: sha,
      conclusion: 'failure',
      app: 'circleci',
    });
    expect(await scm.rerunFailedChecks?.(repo, { checkRunId: other.id })).toEqual({
      via: 'check_suite',
      id: other.id + 7,
    });
    expect(gh.requestCounts(gh.requests.filter((r) => r.method === 'POST'))).toEqual({
      'POST /repos/{owner}/{repo}/actions/runs/{n}/rerun-failed-jobs 201': 1,
      'POST /repos/{owner}/{repo}/check-suites/{n}/rerequest 201': 1,
    });
    // Each re-run is a new check run on the commit, finished as scripted (then success).
    const runs = gh.repo(repo).checkRuns.filter((c) => c.headSha === sha);
    expect(runs.map((c) => `${c.name}:${c.conclusion}`)).toEqual([
      'e2e:failure',
      'e2e:failure',
      'lint:failure',
      'lint:success',
    ]);
    // A check run GitHub does not know: its 404 is the caller's.
    await expect(scm.rerunFailedChecks?.(repo, { checkRunId: 1 })).rejects.toMatchObject({ status: 404 });
  });

  it('getPr takes 4 requests; a second answers from the ETag cache with 304s and skips the uncountable GraphQL', async () => {
    const pr = gh.addPull(repo, { title: 'Cache me', head: 'cache' });
    gh.addCheckRun(repo, { name: 'test', headSha: pr.head.sha, conclusion: 'success' });
    gh.clearRequests();
    const first = await scm.getPr(repo, pr.number);
    expect(gh.requests).toHaveLength(4);
    expect(scm.stats()).toEqual({ requests: 4, notModified: 0 });

    const second = await scm.getPr(repo, pr.number);
    expect(second).toEqual(first);
    const again = gh.requests.slice(4);
    expect(again.map((r) => r.status)).toEqual([304, 304, 304]); // no GraphQL: the pull's updated_at did not move
    expect(again.every((r) => r.method !== 'GET' || r.headers['if-none-match']?.startsWith('W/"'))).toBe(
      true,
    );
    expect(scm.stats()).toEqual({ requests: 7, notModified: 3 });

    // A change shows up at once: the ETag no longer matches.
    gh.repo(repo).checkRuns[0]!.conclusion = 'failure';
    const third = await scm.getPr(repo, pr.number);
    expect(third.ci).toBe('failing');
    expect(scm.stats()).toEqual({ requests: 10, notModified: 5 });

    // A review moves updated_at, and a review webhook asks for fresh data: both re-read the reviews.
    gh.addReview(repo, { pull: pr.number, author: 'octocat', state: 'APPROVED' });
    expect((await scm.getPr(repo, pr.number)).reviewDecision).toBe('approved');
    const graphql = () => gh.requests.filter((r) => r.path === '/graphql').length;
    const before = graphql();
    await scm.getPr(repo, pr.number, { fresh: true });
    expect(graphql()).toBe(before + 1);
  });

  it('ci rollup: a queued check keeps it pending even when another failed', async () => {
    const pr = gh.addPull(repo, { title: 'ci', head: 'ci' });
    gh.addCheckRun(repo, { name: 'lint', headSha: pr.head.sha, conclusion: 'failure' });
    const queued = gh.addCheckRun(repo, { name: 'test', headSha: pr.head.sha, status: 'queued' });
    expect((await scm.getPr(repo, pr.number)).ci).toBe('pending');
    queued.status = 'completed';
    queued.conclusion = 'success';
    expect((await scm.getPr(repo, pr.number)).ci).toBe('failing');
  });

  it('ci rollup: statuses and check runs combine; neutral and skipped count as passing', async () => {
    const pr = gh.addPull(repo, { title: 'ci', head: 'ci2' });
    expect((await scm.getPr(repo, pr.number)).ci).toBe('none');
    gh.addCheckRun(repo, { name: 'docs', headSha: pr.head.sha, conclusion: 'skipped' });
    gh.addCheckRun(repo, { name: 'optional', headSha: pr.head.sha, conclusion: 'neutral' });
    const status = gh.addStatus(repo, { sha: pr.head.sha, context: 'ext/ci', state: 'pending' });
    const pending = await scm.getPr(repo, pr.number);
    expect(pending.ci).toBe('pending');
    expect(pending.checks.find((c) => c.name === 'ext/ci')).toMatchObject({
      status: 'pending',
      conclusion: null,
    });
    status.state = 'success';
    expect((await scm.getPr(repo, pr.number)).ci).toBe('passing');
    gh.addStatus(repo, { sha: pr.head.sha, context: 'ext/ci', state: 'error' });
    expect((await scm.getPr(repo, pr.number)).ci).toBe('failing');
  });

  it('review decision: approved, changes requested, and derived when no review is required', async () => {
    const pr = gh.addPull(repo, { title: 'r', head: 'r' });
    gh.addReview(repo, { pull: pr.number, author: 'alice', state: 'APPROVED' });
    expect((await scm.getPr(repo, pr.number)).reviewDecision).toBe('approved');
    gh.addReview(repo, { pull: pr.number, author: 'bob', state: 'CHANGES_REQUESTED' });
    expect((await scm.getPr(repo, pr.number)).reviewDecision).toBe('changes_requested');
    gh.repo(repo).requiresReview = false;
    expect((await scm.getPr(repo, pr.number)).reviewDecision).toBe('changes_requested');
    gh.repo(repo).reviews.length = 0;
    expect((await scm.getPr(repo, pr.number, { fresh: true })).reviewDecision).toBe('none');
  });

  it('mergeability: unknown while GitHub computes it, conflicting when dirty', async () => {
    const pr = gh.addPull(repo, { title: 'm', head: 'm', mergeable: null, mergeableState: 'unknown' });
    expect((await scm.getPr(repo, pr.number)).mergeable).toBe('unknown');
    pr.mergeable = false;
    pr.mergeableState = 'dirty';
    expect((await scm.getPr(repo, pr.number)).mergeable).toBe('conflicting');
  });

  it('findPr prefers the open PR for a branch, else the most recent, else null', async () => {
    expect(await scm.findPr(repo, 'ao/7-x')).toBeNull();
    const old = gh.addPull(repo, { title: 'old', head: 'ao/7-x', state: 'closed' });
    gh.addPull(repo, { title: 'other branch', head: 'ao/7-x-y' });
    expect((await scm.findPr(repo, 'ao/7-x'))?.number).toBe(old.number);
    const open = gh.addPull(repo, { title: 'new', head: { ref: 'ao/7-x', sha: fakeSha('second') } });
    const found = await scm.findPr(repo, 'ao/7-x');
    expect(found).toMatchObject({ number: open.number, state: 'open', headSha: fakeSha('second') });
    const list = gh.requestsTo('GET', `/repos/${repo}/pulls`).at(-1);
    expect(list?.query).toMatchObject({ head: `acme:ao/7-x`, state: 'all' });
  });

  it('createPr opens a (draft) pull request and returns its state', async () => {
    const pr = await scm.createPr(repo, {
      head: 'ao/9-new',
      base: 'main',
      title: 'New',
      body: 'Closes #9',
      draft: true,
    });
    expect(pr).toMatchObject({ title: 'New', state: 'open', draft: true, ci: 'none', mergeable: 'unknown' });
    expect(gh.requestsTo('POST', `/repos/${repo}/pulls`)[0]?.body).toMatchObject({
      head: 'ao/9-new',
      base: 'main',
      body: 'Closes #9',
      draft: true,
    });
    await expect(
      scm.createPr(repo, { head: 'ao/9-new', base: 'main', title: 'Again', body: '' }),
    ).rejects.toMatchObject({
      status: 422,
    });
  });

  it('merge merges a clean PR with the method asked, and is refused (409 conflict) when conflicting', async () => {
    const good = gh.addPull(repo, { title: 'ok', head: 'ok' });
    await scm.merge(repo, good.number, 'squash');
    expect(gh.repo(repo).pulls.get(good.number)).toMatchObject({ merged: true, state: 'closed' });
    expect(gh.requestsTo('PUT', `/repos/${repo}/pulls/${good.number}/merge`)[0]?.body).toEqual({
      merge_method: 'squash',
    });
    expect((await scm.getPr(repo, good.number)).state).toBe('merged');

    const bad = gh.addPull(repo, { title: 'bad', head: 'bad', mergeable: false, mergeableState: 'dirty' });
    await expect(scm.merge(repo, bad.number, 'merge')).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
      message: expect.stringMatching(/not mergeable/),
    });
    expect(gh.repo(repo).pulls.get(bad.number)?.merged).toBe(false);
  });

  it('fails with a clear error without a token, and sends the token it has', async () => {
    const none = scmGithub.create(scmGithub.configSchema.parse({ baseUrl: gh.url }), testPluginContext());
    await expect(none.getPr(repo, 1)).rejects.toThrow(/no GitHub token/);
    const viaGh = scmGithub.create(
      scmGithub.configSchema.parse({ GH_TOKEN: gh.token, baseUrl: gh.url }),
      testPluginContext(),
    );
    const pr = gh.addPull(repo, { title: 't', head: 't' });
    gh.clearRequests();
    await viaGh.getPr(repo, pr.number);
    expect(gh.requests.every((r) => r.headers.authorization === `token ${gh.token}`)).toBe(true);
    expect(gh.requests.every((r) => r.status < 400)).toBe(true);
  });
});
