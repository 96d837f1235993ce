import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  apiClient,
  type FakeGitHub,
  killTmuxServer,
  makeProject,
  type ProjectFixture,
  pullRequestPayload,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ao, aoUp } from '../helpers/cli';

const REPO = 'acme/killed';

/**
 * The GitHub sync through the real `ao up`, signed webhook deliveries and a SIGKILL: the issue is labelled when the
 * session starts, the PR's first delivery brings one comment, the daemon is killed and started again, the same PR
 * delivered again brings no second one; merging closes the issue (GitHub's `Fixes #N`) and ao takes its label off.
 */
describe('GitHub issue sync survives a SIGKILL (real ao up, fake GitHub, signed webhooks)', () => {
  let gh: FakeGitHub;
  let p: ProjectFixture;
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-sync-'));

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    gh.addIssue(REPO, { number: 5, title: 'Crash on empty input' });
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject(
      'killed',
      {
        tracker: 'github',
        trackers: { github: { ...github, sync: { inProgress: 'in progress' } } },
        scms: { github },
        github: { pollIntervalSec: 3600 },
      },
      { project: { repo: REPO } },
    );
  });
  afterAll(async () => {
    await ao(dataDir, ['down']).catch(() => undefined);
    await killTmuxServer(dataDir);
    await gh.close();
    rmSync(dataDir, { recursive: true, force: true });
    p.cleanup();
  });

  it('one PR comment across a SIGKILL and a redelivery; label on at start, off at merge', async () => {
    const first = await aoUp(dataDir, ['--config', p.configPath]);
    const id = (await ao(dataDir, ['start', '--issue', '5'], { cwd: p.repo })).stdout.trim();
    const issue = gh.repo(REPO).issues.get(5);
    if (!issue) throw new Error('no issue');
    await waitFor(() => issue.labels.includes('in progress'), 'in-progress label on the issue');

    const all = JSON.parse((await ao(dataDir, ['status', '--json'])).stdout) as Session[];
    const session = all.find((s) => s.id === id);
    if (!session) throw new Error('no session');
    const sha = 'b'.repeat(40);
    const pull = gh.addPull(REPO, {
      title: 'Fix crash',
      body: 'Fixes #5',
      head: { ref: session.branch, sha },
    });
    await ao(dataDir, ['webhook']); // creates the webhook secret
    const secret = readFileSync(join(dataDir, 'webhook-secret'), 'utf8').trim();
    const deliver = (url: string, deliveryId: string) => {
      const payload = pullRequestPayload(REPO, {
        action: 'opened',
        number: pull.number,
        ref: session.branch,
        sha,
      });
      const { rawBody, headers } = signedDelivery(secret, 'pull_request', payload, { id: deliveryId });
      return fetch(`${url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    };
    const prComments = () => issue.comments.filter((c) => c.body.includes(`/pull/${pull.number}`));
    expect((await deliver(first.url, 'sync-1')).status).toBe(202);
    await waitFor(() => prComments().length === 1, 'the PR comment on the issue');
    expect(prComments()[0]?.body).toContain(`session ${id}`);

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const second = await aoUp(dataDir);
    const refreshes = () => gh.requestsTo('GET', new RegExp(`/pulls/${pull.number}$`)).length;
    const before = refreshes();
    expect((await deliver(second.url, 'sync-2')).status).toBe(202);
    await waitFor(() => refreshes() > before, 'the redelivered PR refreshed');

    const token = readFileSync(join(dataDir, 'token'), 'utf8').trim();
    const api = apiClient(second.url, () => token);
    expect((await api('POST', `/api/sessions/${id}/merge`, {})).status).toBe(200);
    await waitFor(() => !issue.labels.includes('in progress'), 'in-progress label taken off at merge');
    expect(issue.state).toBe('closed'); // GitHub closed it: the PR says Fixes #5
    expect(prComments()).toHaveLength(1);
  });
});
