import { type FakeGitHub, startFakeGitHub } from '@ao/testkit';
import { graphql } from '@octokit/graphql';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('fake GitHub server', () => {
  let gh: FakeGitHub;
  let octokit: Octokit;

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo('acme/app');
    octokit = new Octokit({ auth: gh.token, baseUrl: gh.url });
  });
  afterAll(() => gh.close());

  it('refuses requests without a valid token', async () => {
    const anon = new Octokit({ baseUrl: gh.url });
    await expect(anon.rest.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({ status: 401 });
    const wrong = new Octokit({ auth: 'nope', baseUrl: gh.url });
    await expect(wrong.rest.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({ status: 401 });
    const ok = await octokit.rest.repos.get({ owner: 'acme', repo: 'app' });
    expect(ok.data.full_name).toBe('acme/app');
    expect(gh.requestsTo('GET', '/repos/acme/app').at(-1)?.headers.authorization).toBe(`token ${gh.token}`);
  });

  it('answers 304 to If-None-Match with the current ETag, and a new body after a change', async () => {
    const pr = gh.addPull('acme/app', { title: 'Fix', head: 'ao/1-fix' });
    const first = await octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: pr.number });
    expect(first.data.mergeable).toBe(true);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"/);
    const headers = { 'if-none-match': etag };
    await expect(
      octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: pr.number, headers }),
    ).rejects.toMatchObject({ status: 304 });
    pr.mergeable = false;
    pr.mergeableState = 'dirty';
    const changed = await octokit.rest.pulls.get({
      owner: 'acme',
      repo: 'app',
      pull_number: pr.number,
      headers,
    });
    expect(changed.data.mergeable_state).toBe('dirty');
    expect(gh.requestsTo('GET', `/repos/acme/app/pulls/${pr.number}`).map((r) => r.status)).toEqual([
      200, 304, 200,
    ]);
  });

  it('lists issues with pull requests marked, and paginates with Link headers', async () => {
    gh.addRepo('acme/many');
    for (let i = 0; i < 5; i++)
      gh.addIssue('acme/many', { title: `issue ${i}`, labels: i % 2 ? ['bug'] : [] });
    gh.addPull('acme/many', { title: 'a PR', head: 'feature' });
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: 'acme',
      repo: 'many',
      per_page: 2,
    });
    expect(all).toHaveLength(6);
    expect(all.filter((i) => i.pull_request)).toHaveLength(1);
    expect(gh.requestsTo('GET', '/repos/acme/many/issues')).toHaveLength(3);
    const bugs = await octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'many', labels: 'bug' });
    expect(bugs.data.map((i) => i.title).sort()).toEqual(['issue 1', 'issue 3']);
  });

  it('redirects job logs to a signed download on itself', async () => {
    const run = gh.addCheckRun('acme/app', {
      name: 'test',
      headSha: 'a'.repeat(40),
      conclusion: 'failure',
      log: 'line 1\n##[error]boom\n',
    });
    const res = await octokit.rest.actions.downloadJobLogsForWorkflowRun({
      owner: 'acme',
      repo: 'app',
      job_id: run.id,
    });
    expect(String(res.data)).toContain('##[error]boom');
    expect(gh.requestsTo('GET', `/repos/acme/app/actions/jobs/${run.id}/logs`)[0]?.status).toBe(302);
    const blob = gh.requests.find((r) => r.path.startsWith('/_blobs/logs/'));
    expect(blob?.status).toBe(200);
    const forged = await fetch(`${gh.url}/_blobs/logs/acme/app/${run.id}?sig=bad`);
    expect(forged.status).toBe(403);
  });

  it('serves check runs (latest per name) and combined statuses per sha', async () => {
    const sha = 'b'.repeat(40);
    gh.addCheckRun('acme/app', { name: 'lint', headSha: sha, conclusion: 'failure' });
    gh.addCheckRun('acme/app', { name: 'lint', headSha: sha, conclusion: 'success' });
    gh.addCheckRun('acme/app', { name: 'test', headSha: sha, status: 'queued' });
    gh.addStatus('acme/app', { sha, context: 'ci/legacy', state: 'pending' });
    gh.addStatus('acme/app', {
      sha,
      context: 'ci/legacy',
      state: 'success',
      targetUrl: 'https://ci.example/1',
    });
    const runs = await octokit.rest.checks.listForRef({ owner: 'acme', repo: 'app', ref: sha });
    expect(runs.data.check_runs.map((c) => [c.name, c.status, c.conclusion])).toEqual([
      ['test', 'queued', null],
      ['lint', 'completed', 'success'],
    ]);
    const combined = await octokit.rest.repos.getCombinedStatusForRef({
      owner: 'acme',
      repo: 'app',
      ref: sha,
    });
    expect(combined.data.state).toBe('success');
    expect(combined.data.statuses).toHaveLength(1);
    expect(combined.data.statuses[0]?.target_url).toBe('https://ci.example/1');
  });

  it('merges only mergeable pull requests (405 otherwise)', async () => {
    const bad = gh.addPull('acme/app', {
      title: 'conflict',
      head: 'c',
      mergeable: false,
      mergeableState: 'dirty',
    });
    await expect(
      octokit.rest.pulls.merge({ owner: 'acme', repo: 'app', pull_number: bad.number }),
    ).rejects.toMatchObject({ status: 405 });
    const good = gh.addPull('acme/app', { title: 'ok', head: 'ok' });
    const res = await octokit.rest.pulls.merge({
      owner: 'acme',
      repo: 'app',
      pull_number: good.number,
      merge_method: 'squash',
    });
    expect(res.data.merged).toBe(true);
    expect(gh.repo('acme/app').pulls.get(good.number)).toMatchObject({ merged: true, state: 'closed' });
  });

  it('answers GraphQL review threads and review decision for a pull request', async () => {
    const pr = gh.addPull('acme/app', { title: 'threads', head: 'threads' });
    gh.addThread('acme/app', {
      pull: pr.number,
      path: 'src/a.ts',
      line: 3,
      comments: [{ author: 'rev', body: 'fix' }],
    });
    gh.addThread('acme/app', {
      pull: pr.number,
      path: 'b.ts',
      isResolved: true,
      comments: [{ author: 'rev', body: 'x' }],
    });
    gh.addReview('acme/app', { pull: pr.number, author: 'rev', state: 'CHANGES_REQUESTED' });
    const gql = graphql.defaults({ baseUrl: gh.url, headers: { authorization: `token ${gh.token}` } });
    const data = await gql<{
      repository: {
        pullRequest: {
          reviewDecision: string;
          reviewThreads: { nodes: Array<{ isResolved: boolean; path: string }> };
        };
      };
    }>(
      `query($owner: String!, $name: String!, $number: Int!) {
        repository(owner: $owner, name: $name) { pullRequest(number: $number) {
          reviewDecision reviewThreads(first: 100) { nodes { isResolved path } } } } }`,
      { owner: 'acme', name: 'app', number: pr.number },
    );
    expect(data.repository.pullRequest.reviewDecision).toBe('CHANGES_REQUESTED');
    expect(data.repository.pullRequest.reviewThreads.nodes.map((t) => [t.path, t.isResolved])).toEqual([
      ['src/a.ts', false],
      ['b.ts', true],
    ]);
    await expect(gql('query { somethingElse }')).rejects.toThrow(/not supported/);
  });

  it('answers GraphQL reviews with their bodies, bots under their app slug', async () => {
    const pr = gh.addPull('acme/app', { title: 'reviews', head: 'reviews', author: 'dev' });
    gh.addReview('acme/app', {
      pull: pr.number,
      author: 'cursor[bot]',
      state: 'COMMENTED',
      body: 'Bug found',
    });
    const gql = graphql.defaults({ baseUrl: gh.url, headers: { authorization: `token ${gh.token}` } });
    const data = await gql<{
      repository: {
        pullRequest: {
          author: { login: string };
          reviews: { nodes: Array<{ state: string; body: string; author: { login: string }; url: string }> };
        };
      };
    }>(
      `query($owner: String!, $name: String!, $number: Int!) {
        repository(owner: $owner, name: $name) { pullRequest(number: $number) {
          author { login } reviews(last: 20) { nodes { state body url author { login } } } } } }`,
      { owner: 'acme', name: 'app', number: pr.number },
    );
    expect(data.repository.pullRequest.author.login).toBe('dev');
    expect(data.repository.pullRequest.reviews.nodes).toEqual([
      expect.objectContaining({
        state: 'COMMENTED',
        body: 'Bug found',
        author: expect.objectContaining({ login: 'cursor' }),
      }),
    ]);
    expect(data.repository.pullRequest.reviews.nodes[0]?.url).toMatch(/#pullrequestreview-\d+$/);
  });

  it('counts requests per endpoint and status, and answers after the configured latency', async () => {
    const pr = gh.addPull('acme/app', { title: 'count', head: 'count' });
    const from = gh.requests.length;
    gh.latencyMs = 150;
    try {
      const t0 = performance.now();
      const first = await octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: pr.number });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
      const headers = { 'if-none-match': first.headers.etag };
      await expect(
        octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: pr.number, headers }),
      ).rejects.toMatchObject({ status: 304 });
      await octokit.rest.repos.getCombinedStatusForRef({ owner: 'acme', repo: 'app', ref: 'c'.repeat(40) });
    } finally {
      gh.latencyMs = 0;
    }
    expect(gh.requestCounts(gh.requests.slice(from))).toEqual({
      'GET /repos/{owner}/{repo}/pulls/{n} 200': 1,
      'GET /repos/{owner}/{repo}/pulls/{n} 304': 1,
      'GET /repos/{owner}/{repo}/commits/{sha}/status 200': 1,
    });
  });
});
