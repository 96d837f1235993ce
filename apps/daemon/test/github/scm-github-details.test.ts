import type { Scm } from '@ao/shared/plugin';
import { type FakeGitHub, startFakeGitHub } from '@ao/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scmGithub } from '../../src/plugins/scm-github/index';
import { testPluginContext } from './plugin-context';

/** What the GitHub loop asks after a getPr: failed checks with their logs, and the words of reviews. */
describe('scm-github details against the fake GitHub', () => {
  let gh: FakeGitHub;
  let scm: Scm;
  let repoN = 0;
  let repo = '';

  beforeAll(async () => {
    gh = await startFakeGitHub();
  });
  afterAll(() => gh.close());
  beforeEach(() => {
    // A fresh repository and plugin per test (empty ETag cache, no reads or job logs kept).
    repoN += 1;
    repo = `acme/details${repoN}`;
    gh.addRepo(repo);
    scm = scmGithub.create(
      scmGithub.configSchema.parse({ GITHUB_TOKEN: gh.token, baseUrl: gh.url }),
      testPluginContext(),
    );
  });

  it('failedCheckDetails reads the redirected Actions job log and bounds the excerpt', async () => {
    const pr = gh.addPull(repo, { title: 'f', head: 'f' });
    const noise = Array.from(
      { length: 500 },
      (_, i) => `2026-11-02T10:00:${String(i % 60).padStart(2, '0')}.1234567Z step output ${i}`,
    );
    const log = [
      ...noise,
      '2026-11-02T10:01:00.0000000Z \u001b[31mFAIL\u001b[0m src/login.test.ts > redirects after login',
      '2026-11-02T10:01:00.0000000Z AssertionError: expected "/home" to be "/dashboard"',
      '2026-11-02T10:01:01.0000000Z ##[error]Process completed with exit code 1.',
      '2026-11-02T10:01:02.0000000Z Post job cleanup.',
    ].join('\n');
    const job = gh.addCheckRun(repo, { name: 'test (20)', headSha: pr.head.sha, conclusion: 'failure', log });
    gh.addCheckRun(repo, { name: 'lint', headSha: pr.head.sha, conclusion: 'success', log: 'fine' });
    gh.addCheckRun(repo, {
      name: 'external',
      headSha: pr.head.sha,
      conclusion: 'timed_out',
      app: 'circleci',
      output: { title: 'Timed out', summary: 'Job exceeded 60 minutes', text: null },
    });
    gh.addStatus(repo, {
      sha: pr.head.sha,
      context: 'deploy/preview',
      state: 'failure',
      description: 'Build failed',
      targetUrl: 'https://ci.example/d',
    });

    const details = await scm.failedCheckDetails(repo, await scm.getPr(repo, pr.number));
    expect(details.map((d) => d.name).sort()).toEqual(['deploy/preview', 'external', 'test (20)']);
    const byName = new Map(details.map((d) => [d.name, d]));
    const test = byName.get('test (20)')!;
    expect(test.url).toMatch(new RegExp(`/job/${job.id}$`));
    expect(test.excerpt).toContain('AssertionError: expected "/home" to be "/dashboard"');
    expect(test.excerpt).toContain('##[error]Process completed with exit code 1.');
    expect(test.excerpt).not.toContain('\u001b[');
    expect(test.excerpt).not.toMatch(/^2026-11-02T/m);
    expect(test.excerpt).not.toContain('step output 100\n');
    expect(test.excerpt.split('\n').length).toBeLessThanOrEqual(60);
    expect(byName.get('external')?.excerpt).toBe('Timed out\n\nJob exceeded 60 minutes');
    expect(byName.get('deploy/preview')).toEqual({
      name: 'deploy/preview',
      url: 'https://ci.example/d',
      excerpt: 'Build failed',
    });
    // The log came through GitHub's redirect to a signed download.
    expect(gh.requestsTo('GET', `/repos/${repo}/actions/jobs/${job.id}/logs`)[0]?.status).toBe(302);
    expect(gh.requests.some((r) => r.path === `/_blobs/logs/${repo}/${job.id}` && r.status === 200)).toBe(
      true,
    );
  });

  it('failedCheckDetails falls back to the check summary when the log is gone, and warns', async () => {
    const ctx = testPluginContext();
    const local = scmGithub.create(scmGithub.configSchema.parse({ token: gh.token, baseUrl: gh.url }), ctx);
    const pr = gh.addPull(repo, { title: 'g', head: 'g' });
    gh.addCheckRun(repo, {
      name: 'build',
      headSha: pr.head.sha,
      conclusion: 'failure',
      output: { title: 'Build failed', summary: null, text: null },
    });
    const details = await local.failedCheckDetails(repo, { number: pr.number, headSha: pr.head.sha });
    expect(details).toEqual([{ name: 'build', url: expect.any(String), excerpt: 'Build failed' }]);
    expect(ctx.lines.some((l) => l.level === 'warn' && l.msg?.includes('job log'))).toBe(true);
  });

  it("failure details reuse the checks getPr read; a finished job's log is read once", async () => {
    const pr = gh.addPull(repo, { title: 'once', head: 'once' });
    const sha = pr.head.sha;
    const job = gh.addCheckRun(repo, {
      name: 'test',
      headSha: sha,
      conclusion: 'failure',
      log: 'npm test\nFAIL a.test.ts\n##[error]Process completed with exit code 1.\n',
    });
    gh.addStatus(repo, { sha, context: 'deploy', state: 'failure', description: 'Deploy failed' });
    const logs = (id: number) => gh.requestsTo('GET', `/repos/${repo}/actions/jobs/${id}/logs`);
    gh.clearRequests();

    const first = await scm.failedCheckDetails(repo, await scm.getPr(repo, pr.number));
    expect(first.map((d) => d.name).sort()).toEqual(['deploy', 'test']);
    expect(first.find((d) => d.name === 'test')?.excerpt).toContain('FAIL a.test.ts');
    expect(gh.requestCounts()).toEqual({
      'GET /repos/{owner}/{repo}/pulls/{n} 200': 1,
      'GET /repos/{owner}/{repo}/commits/{sha}/check-runs 200': 1,
      'GET /repos/{owner}/{repo}/commits/{sha}/status 200': 1,
      'POST /graphql 200': 1,
      'GET /repos/{owner}/{repo}/actions/jobs/{n}/logs 302': 1,
      'GET /_blobs/logs/{owner}/{repo}/{n} 200': 1,
    });

    // The next poll: nothing changed, so 304s only, and the same details from the job's log read before.
    gh.clearRequests();
    const again = await scm.failedCheckDetails(repo, await scm.getPr(repo, pr.number));
    expect(again).toEqual(first);
    expect(gh.requests.map((r) => r.status)).toEqual([304, 304, 304]);
    expect(logs(job.id)).toHaveLength(0);

    // A re-run is a new job (a new check run id): its log is read, once.
    const rerun = gh.addCheckRun(repo, {
      name: 'test',
      headSha: sha,
      conclusion: 'failure',
      log: 'npm test\nFAIL b.test.ts\n##[error]Process completed with exit code 1.\n',
    });
    for (let i = 0; i < 3; i++) {
      const details = await scm.failedCheckDetails(repo, await scm.getPr(repo, pr.number));
      expect(details.find((d) => d.name === 'test')?.excerpt).toContain('FAIL b.test.ts');
    }
    expect(logs(rerun.id)).toHaveLength(1);
    expect(logs(job.id)).toHaveLength(0);
  });

  it("failure details without a getPr before read the given head commit's checks, not the pull", async () => {
    const pr = gh.addPull(repo, { title: 'direct', head: 'direct' });
    gh.addCheckRun(repo, { name: 'lint', headSha: pr.head.sha, conclusion: 'failure', app: 'circleci' });
    gh.clearRequests();
    const details = await scm.failedCheckDetails(repo, { number: pr.number, headSha: pr.head.sha });
    expect(details).toEqual([{ name: 'lint', url: expect.any(String), excerpt: 'lint failed (failure)' }]);
    expect(gh.requestsTo('GET', `/repos/${repo}/pulls/${pr.number}`)).toHaveLength(0);
  });

  it('review bodies: the words of reviews by others (bots included), from what getPr read', async () => {
    const pr = gh.addPull(repo, { title: 'words', head: 'words', author: 'dev' });
    const review = (
      author: string,
      state: 'CHANGES_REQUESTED' | 'COMMENTED' | 'APPROVED' | 'DISMISSED',
      body: string,
    ) => gh.addReview(repo, { pull: pr.number, author, state, body });
    const alice = review('alice', 'CHANGES_REQUESTED', 'A couple of things: the redirect ignores returnTo.');
    review('cursor[bot]', 'COMMENTED', 'Bugbot found 1 potential bug');
    review('copilot-pull-request-reviewer[bot]', 'COMMENTED', 'Copilot reviewed 3 of 3 changed files');
    review('coderabbitai[bot]', 'COMMENTED', 'Actionable comments posted: 2');
    review('dev', 'COMMENTED', 'Note to self'); // the PR's author
    review('bob', 'COMMENTED', ''); // a reply in a thread makes an empty review
    review('carol', 'APPROVED', 'LGTM');
    review('erin', 'DISMISSED', 'Outdated concern');
    await scm.getPr(repo, pr.number);
    const before = gh.requests.length;
    const bodies = await scm.reviewBodies(repo, pr.number);
    expect(gh.requests.length).toBe(before);
    expect(bodies.map((b) => [b.author, b.state, b.body])).toEqual([
      ['alice', 'changes_requested', 'A couple of things: the redirect ignores returnTo.'],
      ['cursor[bot]', 'commented', 'Bugbot found 1 potential bug'],
      ['copilot-pull-request-reviewer[bot]', 'commented', 'Copilot reviewed 3 of 3 changed files'],
      ['coderabbitai[bot]', 'commented', 'Actionable comments posted: 2'],
    ]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(4);
    expect(bodies[0]?.url).toBe(`https://github.com/${repo}/pull/${pr.number}#pullrequestreview-${alice.id}`);
  });
});
