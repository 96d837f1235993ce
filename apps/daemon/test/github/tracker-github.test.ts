import { type FakeGitHub, startFakeGitHub } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackerGithub } from '../../src/plugins/tracker-github/index';
import { testPluginContext } from './plugin-context';

const REPO = 'acme/tracker';

describe('tracker-github against the fake GitHub', () => {
  let gh: FakeGitHub;

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
  });
  afterAll(() => gh.close());

  const tracker = (extra: Record<string, unknown> = {}) =>
    trackerGithub.create(
      trackerGithub.configSchema.parse({ GITHUB_TOKEN: gh.token, baseUrl: gh.url, ...extra }),
      testPluginContext(),
    );

  it('getIssue returns title, body, labels, comments and the page URL', async () => {
    const issue = gh.addIssue(REPO, {
      title: 'Login redirects to /home',
      body: 'After login we land on /home instead of /dashboard.',
      labels: ['bug', 'auth'],
      comments: [
        { author: 'alice', body: 'Seen on Safari too.' },
        { author: 'bob', body: 'Probably the `next` param.' },
      ],
    });
    const got = await tracker().getIssue(REPO, issue.number);
    expect(got).toEqual({
      number: issue.number,
      title: 'Login redirects to /home',
      body: 'After login we land on /home instead of /dashboard.',
      url: `https://github.com/${REPO}/issues/${issue.number}`,
      labels: ['bug', 'auth'],
      comments: [
        { author: 'alice', body: 'Seen on Safari too.' },
        { author: 'bob', body: 'Probably the `next` param.' },
      ],
    });
  });

  it('getIssue keeps at most maxComments comments', async () => {
    const issue = gh.addIssue(REPO, {
      title: 'chatty',
      comments: Array.from({ length: 5 }, (_, i) => ({ author: 'u', body: `c${i}` })),
    });
    const got = await tracker({ maxComments: 2 }).getIssue(REPO, issue.number);
    expect(got.comments.map((c) => c.body)).toEqual(['c0', 'c1']);
  });

  it('getIssue rejects with 404 for an unknown issue', async () => {
    await expect(tracker().getIssue(REPO, 9999)).rejects.toMatchObject({ status: 404 });
  });

  it('listOpen returns open issues with labels, across pages, and never pull requests', async () => {
    gh.addRepo('acme/list');
    for (let i = 1; i <= 105; i++)
      gh.addIssue('acme/list', { title: `issue ${i}`, labels: i === 3 ? ['good first issue'] : [] });
    gh.addIssue('acme/list', { title: 'closed one', state: 'closed' });
    gh.addPull('acme/list', { title: 'a pull request', head: 'feature' });
    gh.clearRequests();
    const open = await tracker().listOpen('acme/list');
    expect(open).toHaveLength(105);
    expect(open.some((i) => i.title === 'a pull request' || i.title === 'closed one')).toBe(false);
    expect(open.find((i) => i.title === 'issue 3')?.labels).toEqual(['good first issue']);
    expect(gh.requestsTo('GET', '/repos/acme/list/issues').map((r) => r.query.page ?? '1')).toEqual([
      '1',
      '2',
    ]);
  });

  it('an unreachable or slow GitHub is a 503 naming GitHub, within timeoutMs; a key is a 400 naming issue', async () => {
    const issue = gh.addIssue(REPO, { title: 'slow' });
    const down = await startFakeGitHub();
    await down.close();
    const t0 = performance.now();
    const gone = trackerGithub.create(
      trackerGithub.configSchema.parse({ GITHUB_TOKEN: gh.token, baseUrl: down.url }),
      testPluginContext(),
    );
    await expect(gone.getIssue(REPO, 1)).rejects.toMatchObject({
      status: 503,
      code: 'tracker_unavailable',
      message: expect.stringContaining('GitHub is unavailable'),
    });
    await expect(gone.listOpen(REPO)).rejects.toMatchObject({ code: 'tracker_unavailable' });
    gh.latencyMs = 2_000;
    try {
      await expect(tracker({ timeoutMs: 300 }).getIssue(REPO, issue.number)).rejects.toMatchObject({
        code: 'tracker_unavailable',
        message: expect.stringContaining('GitHub did not answer within 0.3 s'),
      });
    } finally {
      gh.latencyMs = 0;
    }
    expect(performance.now() - t0).toBeLessThan(1_900);
    await expect(tracker().getIssue(REPO, 'ENG-1')).rejects.toMatchObject({ status: 400, field: 'issue' });
  });

  it('promptFor fills the default template, and a user template from config', async () => {
    const issue = {
      number: 42,
      title: 'Fix login redirect',
      body: 'Use {{title}} literally; do not expand {{comments}} here.',
      url: 'https://github.com/acme/tracker/issues/42',
      labels: ['bug'],
      comments: [{ author: 'alice', body: 'please hurry' }],
    };
    const prompt = tracker().promptFor(issue);
    expect(prompt).toContain('Work on GitHub issue #42: Fix login redirect');
    expect(prompt).toContain('https://github.com/acme/tracker/issues/42');
    expect(prompt).toContain('Use {{title}} literally; do not expand {{comments}} here.');
    expect(prompt).toContain('Labels: bug');
    expect(prompt).toContain('- alice: please hurry');

    const custom = tracker({ promptTemplate: '#{{number}} [{{labels}}] {{title}} <{{url}}> {{unknown}}' });
    expect(custom.promptFor(issue)).toBe(
      '#42 [bug] Fix login redirect <https://github.com/acme/tracker/issues/42> {{unknown}}',
    );
  });
});
