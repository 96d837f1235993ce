import { readFileSync, writeFileSync } from 'node:fs';
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
import { afterAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/demo';

/**
 * Stopping the daemon while a webhook delivery is being processed (here: auto-pickup waiting on a slow GitHub) waits
 * for that work: before, `stop()` returned at once, the database closed, and the delivery's late bookkeeping threw
 * "The database connection is not open" as an unhandled rejection (which fails this run).
 */
describe('GithubLoop.stop() with a delivery in flight', () => {
  let d: TestDaemon | null = null;
  let gh: FakeGitHub;
  let p: ProjectFixture;

  afterAll(async () => {
    await d?.stop();
    await gh?.close();
    p?.cleanup();
  });

  it('waits for the delivery being processed before the database closes', async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    gh.addIssue(REPO, { number: 1, title: 'Picked up', body: 'Do it.', labels: ['ao-auto'] });
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject('demo', {
      tracker: 'github',
      trackers: { github },
      scms: { github },
      github: { pollIntervalSec: 3600, autoPickup: { labels: ['ao-auto'], maxConcurrent: 5 } },
    });
    writeFileSync(
      p.configPath,
      readFileSync(p.configPath, 'utf8').replace('project:\n', `project:\n  repo: ${REPO}\n`),
    );
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    const secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
    await waitFor(() => d?.app.github.inbox.pending().length === 0, 'nothing pending');

    gh.latencyMs = 1_500; // every answer from GitHub now takes 1.5 s
    const payload = forRepo(example('issues'), REPO) as Record<string, unknown>;
    payload.action = 'labeled';
    const { rawBody, headers } = signedDelivery(secret, 'issues', payload);
    const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    expect(res.status).toBeLessThan(300);
    await waitFor(() => d?.app.github.inbox.pending().length === 1, 'the delivery recorded');
    // The delivery is being worked on: GitHub was asked (and is slow to answer).
    await waitFor(() => gh.waiting > 0, 'GitHub asked while processing');
    const stopping = d;
    d = null;
    await stopping.stop();
    // Every request made before the stop was answered before the stop returned: nothing runs on a closed database.
    expect(gh.waiting).toBe(0);
  });
});
