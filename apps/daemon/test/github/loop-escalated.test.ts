import type { Session } from '@ao/shared/session';
import {
  type FakeGitHub,
  fakeSha,
  makeProject,
  type ProjectFixture,
  readMessages,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/escalated';

describe('an escalated failing PR through a running daemon (fake GitHub, real git and tmux)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject('esc', {
      project: { id: 'esc', name: 'Escalated', defaultBranch: 'main', repo: REPO },
      scms: { github },
      github: { pollIntervalSec: 3600 }, // the test polls itself, through the loop's refresh
      checks: { flaky: { rerunFirstFailure: false } }, // a first failure reaches the agent at once
      reactions: { ci_failed: { escalate_after: '1s' } },
    });
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  });
  afterAll(async () => {
    await d?.stop();
    await gh?.close();
    p?.cleanup();
  });

  it('once escalated, polling it makes no rate-limited request, and its job log was read once', async () => {
    const created = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'Fix the build' });
    expect(created.status).toBe(201);
    const session = created.body.session;
    const current = async () =>
      (await d.api<{ session: Session }>('GET', `/api/sessions/${session.id}`)).body.session;
    const sha = fakeSha('escalated-head');
    gh.addPull(REPO, { title: 'Fix the build', head: { ref: session.branch, sha } });
    const job = gh.addCheckRun(REPO, {
      name: 'build',
      headSha: sha,
      conclusion: 'failure',
      log: 'Run npm run build\nsrc/a.ts(3,7): error TS2322\n##[error]tsc found 2 errors\n',
    });
    const logReads = () => gh.requestsTo('GET', `/repos/${REPO}/actions/jobs/${job.id}/logs`).length;
    const poll = () => d.app.github.loop.refresh(session.id);

    await poll(); // links the PR and sends the failure to the agent
    await waitFor(
      () => readMessages(p.messagesFile).some((m) => m.includes('tsc found 2 errors')),
      'the failure with its log at the agent',
    );
    // escalate_after 1s: a later evaluation hands it to a human.
    await waitFor(async () => {
      await poll();
      return (await current()).escalated;
    }, 'the escalation');

    const from = gh.requests.length;
    for (let i = 0; i < 5; i++) await poll();
    const polls = gh.requests.slice(from);
    expect(polls.filter((r) => r.status !== 304).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
    expect(gh.requestCounts(polls)).toEqual({
      'GET /repos/{owner}/{repo}/pulls/{n} 304': 5,
      'GET /repos/{owner}/{repo}/commits/{sha}/check-runs 304': 5,
      'GET /repos/{owner}/{repo}/commits/{sha}/status 304': 5,
    });
    expect(logReads()).toBe(1);
    expect((await current()).pr).toMatchObject({ ci: 'failing', headSha: sha });
  });
});
