import { existsSync } from 'node:fs';
import type { Session } from '@ao/shared/session';
import {
  example,
  type FakeGitHub,
  forRepo,
  makeProject,
  type ProjectFixture,
  pullRequestPayload,
  readMessages,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, webhookDeliveries } from '../../src/db/schema';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/demo';

describe('the GitHub loop through a running daemon (signed webhooks, fake GitHub, real git and tmux)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let secret: string;
  let session: Session;
  let prNumber: number;

  const deliver = async (event: string, payload: unknown, opts: { id?: string; secret?: string } = {}) => {
    const { rawBody, headers } = signedDelivery(opts.secret ?? secret, event, payload, { id: opts.id });
    const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    return {
      status: res.status,
      body: (await res.json()) as { ok?: boolean; kind?: string; error?: { code: string } },
    };
  };
  const current = async () =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${session.id}`)).body.session;
  const withRepo = (payload: Record<string, unknown>) => forRepo(payload, REPO);
  /** Every recorded delivery processed (processing includes the refresh and the reactions it caused). */
  const drained = () => waitFor(() => d.app.github.inbox.pending().length === 0, 'deliveries processed');
  /** Messages ao sent the session's agent (rows, written when sent), as text. */
  const sentTexts = () =>
    d.app.db
      .select()
      .from(messages)
      .where(eq(messages.sessionId, session.id))
      .all()
      .map((m) => m.text);
  const prPayload = (action: string, sha: string) =>
    pullRequestPayload(REPO, { action, number: prNumber, ref: session.branch, sha });
  const checkRunPayload = (sha: string, conclusion: string) => {
    const payload = withRepo(example('check_run', (x) => x.action === 'completed'));
    const run = payload.check_run as Record<string, unknown> & { check_suite?: Record<string, unknown> };
    run.head_sha = sha;
    run.status = 'completed';
    run.conclusion = conclusion;
    if (run.check_suite) run.check_suite.head_branch = session.branch;
    return payload;
  };

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    gh.addIssue(REPO, {
      number: 42,
      title: 'Fix login redirect',
      body: 'Users land on /home after login.',
      labels: ['bug'],
    });
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject('demo', {
      tracker: 'github',
      trackers: { github },
      scms: { github },
      github: { pollIntervalSec: 3600 },
      checks: { flaky: { rerunFirstFailure: false } }, // a first failure reaches the agent at once
    });
    const raw = await import('node:fs').then((fs) => fs.readFileSync(p.configPath, 'utf8'));
    await import('node:fs').then((fs) =>
      fs.writeFileSync(p.configPath, raw.replace('project:\n', `project:\n  repo: ${REPO}\n`)),
    );
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
  });
  afterAll(async () => {
    await d.stop();
    await gh.close();
    p.cleanup();
  });

  it('starts a session from an issue: prompt from the issue, branch named from it', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { issue: 42 });
    expect(res.status).toBe(201);
    session = res.body.session;
    expect(session.branch).toBe('ao/42-fix-login-redirect');
    expect(session.issue).toMatchObject({ number: 42, title: 'Fix login redirect' });
    await waitFor(
      () =>
        readMessages(p.messagesFile).some(
          (m) => m.includes('Fix login redirect') && m.includes('/home after login'),
        ),
      'issue prompt delivered',
    );
  });

  it('rejects a wrong or missing signature and stores nothing', async () => {
    const bad = await deliver('ping', withRepo(example('ping')), { secret: 'wrong-secret-wrong-secret' });
    expect(bad.status).toBe(401);
    const { rawBody, headers } = signedDelivery(secret, 'ping', withRepo(example('ping')));
    const { 'x-hub-signature-256': _sig, ...unsigned } = headers;
    const missing = await fetch(`${d.url}/api/webhooks/github`, {
      method: 'POST',
      headers: unsigned,
      body: rawBody,
    });
    expect(missing.status).toBe(401);
    expect(d.app.db.select().from(webhookDeliveries).all()).toHaveLength(0);
    const malformed = signedDelivery(secret, 'ping', null, { body: Buffer.from('{not json') });
    const res = await fetch(`${d.url}/api/webhooks/github`, {
      method: 'POST',
      ...malformed,
      body: malformed.rawBody,
    });
    expect(res.status).toBe(400);
  });

  it('links the PR the agent opened, from the webhook', async () => {
    await p.git(
      ['-c', 'commit.gpgsign=false', 'commit', '--allow-empty', '-m', 'fix redirect'],
      session.worktreePath,
    );
    await p.git(['push', 'origin', session.branch], session.worktreePath);
    const sha = await p.git(['rev-parse', 'HEAD'], session.worktreePath);
    const pull = gh.addPull(REPO, { title: 'Fix login redirect', head: { ref: session.branch, sha } });
    prNumber = pull.number;
    gh.addCheckRun(REPO, { name: 'test', headSha: sha, status: 'in_progress', conclusion: null });
    const res = await deliver('pull_request', prPayload('opened', sha));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ ok: true, kind: 'pr' }); // answered at once; processed from the inbox
    const s = await waitFor(
      async () => ((await current()).pr?.number === prNumber ? current() : null),
      'PR linked',
    );
    expect(s.pr).toMatchObject({ ci: 'pending', state: 'open' });
    // Pending once the agent is seen idle (this agent has no signals: the screen says so within seconds).
    await waitFor(async () => (await current()).lane === 'pending', 'Pending lane');
  });

  it('sends a failed check with its log excerpt to the agent once, however often GitHub tells', async () => {
    const sha = (await current()).pr?.headSha ?? '';
    const run = gh.repo(REPO).checkRuns.find((r) => r.name === 'test');
    if (!run) throw new Error('no check run');
    run.status = 'completed';
    run.conclusion = 'failure';
    run.completedAt = new Date().toISOString();
    gh.repo(REPO).jobLogs.set(run.id, 'Run npm test\n##[error]expected 302 to be 200 at login.test.ts:14\n');
    const payload = checkRunPayload(sha, 'failure');
    const first = await deliver('check_run', payload, { id: 'dup-delivery-1' });
    expect(first.status).toBe(202);
    const message = await waitFor(
      () => readMessages(p.messagesFile).find((m) => m.includes('expected 302 to be 200')),
      'CI failure sent to the agent',
    );
    expect(message).toContain('test');
    const replay = await deliver('check_run', payload, { id: 'dup-delivery-1' });
    expect(replay.status).toBe(200); // the same delivery id is processed once
    await deliver('check_run', payload); // a new delivery about the same failure
    await drained();
    expect(sentTexts().filter((m) => m.includes('expected 302 to be 200'))).toHaveLength(1);
    expect((await current()).pr?.ci).toBe('failing');
  });

  it('a failure already sent costs no rate-limited request: polls get 304s, the job log was read once', async () => {
    const run = gh.repo(REPO).checkRuns.find((r) => r.name === 'test');
    if (!run) throw new Error('no check run');
    const logReads = () => gh.requestsTo('GET', `/repos/${REPO}/actions/jobs/${run.id}/logs`).length;
    expect(logReads()).toBe(1);
    const from = gh.requests.length;
    for (let i = 0; i < 5; i++) await d.app.github.loop.refresh(session.id); // what a poll does
    const polls = gh.requests.slice(from);
    expect(polls.filter((r) => r.status !== 304).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
    expect(gh.requestCounts(polls)).toEqual({
      'GET /repos/{owner}/{repo}/pulls/{n} 304': 5,
      'GET /repos/{owner}/{repo}/commits/{sha}/check-runs 304': 5,
      'GET /repos/{owner}/{repo}/commits/{sha}/status 304': 5,
    });
    expect(logReads()).toBe(1);
  });

  it("sends a review's own words with its inline comments", async () => {
    const comment = (line: number, body: string) =>
      gh.addThread(REPO, {
        pull: prNumber,
        path: 'src/login.ts',
        line,
        comments: [{ author: 'reviewer', body }],
      });
    comment(3, 'Read returnTo from the query string.');
    comment(27, 'Add a test for a deep link.');
    gh.addReview(REPO, {
      pull: prNumber,
      author: 'reviewer',
      state: 'CHANGES_REQUESTED',
      body: 'A couple of things: the redirect ignores where the user came from, and nothing tests it.',
    });
    const review = withRepo(example('pull_request_review'));
    (review.review as Record<string, unknown>).state = 'changes_requested';
    const pr = review.pull_request as Record<string, unknown> & { head: Record<string, unknown> };
    pr.number = prNumber;
    pr.head.ref = session.branch;
    expect((await deliver('pull_request_review', review)).status).toBe(202);
    const message = await waitFor(
      () => readMessages(p.messagesFile).find((m) => m.includes('A couple of things')),
      'the review with its body and comments at the agent',
    );
    expect(message).toContain('the redirect ignores where the user came from');
    expect(message).toContain('src/login.ts:3 — @reviewer: Read returnTo from the query string.');
    expect(message).toContain('src/login.ts:27 — @reviewer: Add a test for a deep link.');
    await drained();
    expect(sentTexts().filter((m) => m.includes('A couple of things'))).toHaveLength(1);
  });

  it('sends nothing when the threads are resolved before the approval lands', async () => {
    const before = sentTexts().length;
    for (const t of gh.repo(REPO).threads) t.isResolved = true;
    const resolved = pullRequestPayload(
      REPO,
      { number: prNumber, ref: session.branch },
      'pull_request_review_thread',
      (x) => x.action === 'resolved',
    );
    expect((await deliver('pull_request_review_thread', resolved)).status).toBe(202);
    await drained();
    expect((await current()).pr).toMatchObject({
      reviewDecision: 'changes_requested',
      unresolvedThreads: [],
    });
    expect(sentTexts().slice(before)).toEqual([]);
  });

  it('re-reads review threads when GitHub says one was resolved, even if the PR itself did not move', async () => {
    const thread = gh.addThread(REPO, {
      pull: prNumber,
      path: 'src/login.ts',
      line: 14,
      comments: [{ author: 'reviewer', body: 'Redirect to the page the user came from.' }],
    });
    const comment = pullRequestPayload(
      REPO,
      { number: prNumber, ref: session.branch },
      'pull_request_review_comment',
      (x) => x.action === 'created',
    );
    expect((await deliver('pull_request_review_comment', comment)).status).toBe(202);
    await waitFor(async () => (await current()).pr?.unresolvedThreads.length === 1, 'the open thread');
    expect((await current()).pr?.unresolvedThreads[0]).toMatchObject({ path: 'src/login.ts', line: 14 });

    thread.isResolved = true; // resolving a thread does not move the pull request's updated_at
    const resolved = pullRequestPayload(
      REPO,
      { number: prNumber, ref: session.branch },
      'pull_request_review_thread',
      (x) => x.action === 'resolved',
    );
    expect((await deliver('pull_request_review_thread', resolved)).status).toBe(202);
    await waitFor(async () => (await current()).pr?.unresolvedThreads.length === 0, 'the thread resolved');
  });

  it('moves to Merge when the fix is green and approved, then merges from ao: Done, worktree removed', async () => {
    await p.git(
      ['-c', 'commit.gpgsign=false', 'commit', '--allow-empty', '-m', 'really fix'],
      session.worktreePath,
    );
    await p.git(['push', 'origin', session.branch], session.worktreePath);
    const sha = await p.git(['rev-parse', 'HEAD'], session.worktreePath);
    const pull = gh.repo(REPO).pulls.get(prNumber);
    if (!pull) throw new Error('no pull');
    pull.head.sha = sha;
    gh.addCheckRun(REPO, { name: 'test', headSha: sha, status: 'completed', conclusion: 'success' });
    gh.addReview(REPO, { pull: prNumber, author: 'reviewer', state: 'APPROVED' });
    await deliver('pull_request', prPayload('synchronize', sha));
    const review = withRepo(example('pull_request_review'));
    (review.review as Record<string, unknown>).state = 'approved';
    const pr = review.pull_request as Record<string, unknown> & { head: Record<string, unknown> };
    pr.number = prNumber;
    pr.head.ref = session.branch;
    pr.head.sha = sha;
    expect((await deliver('pull_request_review', review)).status).toBe(202);
    const ready = await waitFor(
      async () => ((await current()).lane === 'merge' ? current() : null),
      'Merge lane',
    );
    expect(ready.pr).toMatchObject({ ci: 'passing', reviewDecision: 'approved', mergeable: 'mergeable' });

    const merged = await d.api<{ session: Session }>('POST', `/api/sessions/${session.id}/merge`, {});
    expect(merged.status).toBe(200);
    expect(merged.body.session).toMatchObject({ status: 'done', lane: 'done' });
    expect(merged.body.session.pr?.state).toBe('merged');
    expect(gh.requestsTo('PUT', `/repos/${REPO}/pulls/${prNumber}/merge`)).toHaveLength(1);
    expect(existsSync(session.worktreePath)).toBe(false);
  });
});
