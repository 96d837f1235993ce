import type { Session } from '@ao/shared/session';
import {
  example,
  type FakeGitHub,
  forRepo,
  makeProject,
  type ProjectFixture,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/deps';

describe('dependencies from issue bodies (fake GitHub, real daemon, git and tmux)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let secret: string;
  const list = async () =>
    (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions.filter(
      (s) => s.project === 'deps',
    );
  const ofIssue = async (n: number) => (await list()).find((s) => s.issue?.number === n);

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    gh.addIssue(REPO, { number: 1, title: 'Follow-up', body: 'Depends on #2.', labels: ['ao-auto'] });
    gh.addIssue(REPO, { number: 2, title: 'Groundwork', body: 'The base of it.', labels: [] });
    gh.addIssue(REPO, { number: 3, title: 'Second follow-up', body: 'Blocked by #2', labels: [] });
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject(
      'deps',
      {
        tracker: 'github',
        trackers: { github },
        scms: { github },
        github: { pollIntervalSec: 3600, autoPickup: { labels: ['ao-auto'], maxConcurrent: 5 } },
      },
      { project: { repo: REPO } },
    );
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
  }, 60_000);
  afterAll(async () => {
    await d?.stop();
    await gh?.close();
    p?.cleanup();
  });

  it('auto-pickup does not start an issue whose blocker is still open', async () => {
    await d.app.github.loop.reconcile();
    expect(await list()).toEqual([]);
  });

  it('the API shows what each session blocks and is blocked by', async () => {
    const second = await d.api<{ session: Session }>('POST', '/api/sessions', { issue: 2 });
    const third = await d.api<{ session: Session }>('POST', '/api/sessions', { issue: 3 });
    expect([second.status, third.status]).toEqual([201, 201]);
    const [s2, s3] = [second.body.session.id, third.body.session.id];
    await waitFor(async () => (await ofIssue(3))?.blockedBy.length, 'dependencies computed');
    expect((await ofIssue(3))?.blockedBy).toEqual([{ session: s2, issue: 2, reason: 'issue' }]);
    expect((await ofIssue(2))?.blocks).toEqual([{ session: s3, issue: 3, reason: 'issue' }]);
    expect((await ofIssue(2))?.blockedBy).toEqual([]);
  });

  it('once the blocker is closed, the issues webhook starts the blocked issue', async () => {
    const issue = gh.repo(REPO).issues.get(2);
    if (issue) issue.state = 'closed';
    const payload = forRepo(example('issues'), REPO) as Record<string, unknown>;
    payload.action = 'closed';
    const { rawBody, headers } = signedDelivery(secret, 'issues', payload);
    const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    expect(res.status).toBeLessThan(300);
    const picked = await waitFor(() => ofIssue(1), 'issue 1 picked up');
    expect(picked.issue?.blockedBy).toEqual([2]);
    await waitFor(() => d.app.github.inbox.pending().length === 0, 'delivery processed');
    expect((await ofIssue(1))?.status).toBe('running');
  });
});
