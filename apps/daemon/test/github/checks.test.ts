import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  example,
  type FakeGitHub,
  forRepo,
  makeProject,
  type ProjectFixture,
  pullRequestPayload,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from '../../src/cli/client';
import { listChecks } from '../../src/cli/commands/checks';
import { checkOutcomes, events, messages } from '../../src/db/schema';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { type Receiver, startReceiver } from '../reactions/http-receiver';

const REPO = 'acme/demo';
const HOSTILE = 'test $(rm -rf ~) `id` <img src=x onerror=alert(1)> ; DROP TABLE check_outcomes;--';

/**
 * Flaky checks and broken base through a running daemon: signed webhooks, the fake GitHub (re-run endpoints), real git
 * and tmux, real SQLite across a restart, notifications to a local webhook receiver.
 */
describe('flaky checks and broken base (daemon, fake GitHub, signed webhooks)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let receiver: Receiver;
  let secret: string;
  let session: Session;
  let prNumber: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-ck-'));

  const deliver = async (event: string, payload: unknown) => {
    const { rawBody, headers } = signedDelivery(secret, event, payload);
    const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    expect(res.status).toBe(202);
  };
  const drained = () => waitFor(() => d.app.github.inbox.pending().length === 0, 'deliveries processed');
  const current = async () =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${session.id}`)).body.session;
  /** What the reactions sent the agent (the first prompt aside). */
  const reactionTexts = () =>
    d.app.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, session.id), eq(messages.kind, 'reaction')))
      .all()
      .map((m) => m.text);
  /** A check_run `completed` delivery for a run of the fake GitHub (its id, name, sha), on `branch`. */
  const checkRun = (
    run: { id: number; name: string; headSha: string },
    conclusion: string,
    branch: string,
  ) => {
    const payload = forRepo(
      example('check_run', (x) => x.action === 'completed'),
      REPO,
    );
    const c = payload.check_run as Record<string, unknown> & { check_suite?: Record<string, unknown> };
    Object.assign(c, { id: run.id, name: run.name, head_sha: run.headSha, status: 'completed', conclusion });
    c.pull_requests = branch === session?.branch ? [{ number: prNumber }] : [];
    if (c.check_suite) c.check_suite.head_branch = branch;
    return payload;
  };
  /** A check finished on a commit (in the fake GitHub and told by a webhook). */
  const finish = async (name: string, sha: string, conclusion: 'success' | 'failure', branch: string) => {
    const run = gh.addCheckRun(REPO, { name, headSha: sha, conclusion });
    await deliver('check_run', checkRun(run, conclusion, branch));
    return run;
  };
  /** A new commit on the session's branch, pushed, made the PR head. */
  const push = async (message: string) => {
    await p.git(
      ['-c', 'commit.gpgsign=false', 'commit', '--allow-empty', '-m', message],
      session.worktreePath,
    );
    await p.git(['push', '-q', 'origin', session.branch], session.worktreePath);
    const sha = await p.git(['rev-parse', 'HEAD'], session.worktreePath);
    const pull = gh.repo(REPO).pulls.get(prNumber);
    if (pull) pull.head.sha = sha;
    return sha;
  };
  const classified = () =>
    d.app.db
      .select()
      .from(events)
      .where(eq(events.type, 'checks.classified'))
      .all()
      .map((e) => e.data as { check: string; class: string; action: string; reason: string });
  const start = async () => {
    d = await startTestDaemon({ dataDir });
    secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
  };

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    receiver = await startReceiver([200]);
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject('demo', {
      scms: { github },
      github: { pollIntervalSec: 3600 },
      // A first failure is woken at once here (its re-run: test/github/first-failure-rerun.test.ts).
      checks: { flaky: { rerunFirstFailure: false } },
      notifiers: {
        routing: { urgent: ['webhook'], action: ['webhook'], warning: [], info: [] },
        webhook: { url: receiver.url, secret: 'a-secret-of-16-chars!' },
      },
    });
    const raw = readFileSync(p.configPath, 'utf8');
    writeFileSync(p.configPath, raw.replace('project:\n', `project:\n  repo: ${REPO}\n`));
    await start();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'Fix the login' });
    expect(res.status).toBe(201);
    session = res.body.session;
    const sha = await push('fix login');
    prNumber = gh.addPull(REPO, { title: 'Fix login', head: { ref: session.branch, sha } }).number;
    gh.addCheckRun(REPO, { name: 'lint', headSha: sha, conclusion: 'success' });
    await deliver('pull_request', pullRequestPayload(REPO, { number: prNumber, ref: session.branch, sha }));
    await waitFor(async () => (await current()).pr?.ci === 'passing', 'PR linked and green');
  }, 90_000);
  afterAll(async () => {
    await d?.stop(); // kills the tmux server of the data dir
    rmSync(dataDir, { recursive: true, force: true });
    await gh?.close();
    await receiver?.close();
    p?.cleanup();
  });

  it('a check that failed then passed on one commit is re-run once on failure; no agent is woken', async () => {
    // History: on another branch, `e2e` failed and a re-run passed on the same commit.
    const other = 'a'.repeat(40);
    await finish('e2e', other, 'failure', 'feature/other');
    await finish('e2e', other, 'success', 'feature/other');
    const sha = await push('second try');
    gh.addCheckRun(REPO, { name: 'lint', headSha: sha, conclusion: 'success' });
    const failed = await finish('e2e', sha, 'failure', session.branch);
    await drained();
    await waitFor(() => gh.repo(REPO).reruns.length === 1, 'the re-run asked of GitHub');
    expect(
      gh.requestsTo('POST', `/repos/${REPO}/actions/runs/${failed.id + 1}/rerun-failed-jobs`),
    ).toHaveLength(1);
    const verdict = (await current()).pr?.checks.find((c) => c.name === 'e2e')?.verdict;
    expect(verdict).toEqual({
      class: 'flaky',
      reason: `failed then passed on ${other.slice(0, 7)}`,
      action: 'rerun',
    });
    // The re-run passes (the fake's default): GitHub tells, the PR is green, nobody was woken.
    const rerun = gh.repo(REPO).checkRuns.find((c) => c.id === gh.repo(REPO).reruns[0]?.created[0]);
    if (!rerun) throw new Error('no re-run check run');
    await deliver('check_run', checkRun(rerun, 'success', session.branch));
    await drained();
    await waitFor(async () => (await current()).pr?.ci === 'passing', 'green after the re-run');
    await d.app.reactions.react(session.id);
    expect(reactionTexts()).toEqual([]);
    expect(gh.repo(REPO).reruns).toHaveLength(1);
    expect(classified()).toContainEqual(
      expect.objectContaining({ check: 'e2e', class: 'flaky', action: 'rerun' }),
    );
    // The session's outcome counts the failure as a flaky cycle, not as a fix the agent made.
    expect(d.app.insights.outcomes.get(session.id)).toMatchObject({
      ciFailures: 1,
      ciFlakyCycles: 1,
      ciFixCycles: 0,
    });
  });

  it('a failure that also fails on main wakes nobody and notifies once, across repeats and a restart', async () => {
    const main = 'b'.repeat(40);
    gh.setBranch(REPO, 'main', main);
    await finish('build', main, 'failure', 'main');
    const sha = await push('third try');
    gh.addCheckRun(REPO, { name: 'e2e', headSha: sha, conclusion: 'success' });
    await finish('build', sha, 'failure', session.branch);
    await drained();
    await waitFor(() => receiver.requests.length === 1, 'the broken-base notification');
    const note = JSON.parse(receiver.requests[0]?.body ?? '{}') as { title: string; body: string };
    expect(note.title).toContain('build');
    expect(note.body).toContain(`also failing on main since`);
    expect((await current()).pr?.checks.find((c) => c.name === 'build')?.verdict).toMatchObject({
      class: 'broken-base',
      action: 'notified',
    });
    // GitHub tells again; a poll reads it again: still one notification, still nobody woken.
    const [again] = gh.repo(REPO).checkRuns.filter((c) => c.name === 'build' && c.headSha === sha);
    if (!again) throw new Error('no build run');
    await deliver('check_run', checkRun(again, 'failure', session.branch));
    await drained();
    await d.app.github.loop.refresh(session.id);
    await d.app.reactions.react(session.id);
    // Restart: the decision and the notification are durable.
    await d.close();
    await start();
    await d.app.github.loop.refresh(session.id);
    await d.app.reactions.react(session.id);
    // The agent pushes again; main still fails: same base, no second notification.
    const next = await push('fourth try');
    gh.addCheckRun(REPO, { name: 'e2e', headSha: next, conclusion: 'success' });
    await finish('build', next, 'failure', session.branch);
    await drained();
    await d.app.reactions.react(session.id);
    expect(receiver.requests).toHaveLength(1);
    expect(reactionTexts()).toEqual([]);
  }, 60_000);

  it('a real failure (no flaky history, main passing) still wakes the agent', async () => {
    const sha = await push('fifth try');
    for (const name of ['e2e', 'build']) gh.addCheckRun(REPO, { name, headSha: sha, conclusion: 'success' });
    await finish('build', 'c'.repeat(40), 'success', 'main'); // main is fixed: held PRs are looked at again
    await drained();
    await waitFor(async () => (await current()).pr?.ci === 'passing', 'green on the fifth commit');
    await finish(HOSTILE, sha, 'failure', session.branch);
    await drained();
    const text = await waitFor(() => reactionTexts().find((m) => m.includes('Failed checks')), 'agent woken');
    expect(text).toContain(HOSTILE);
    expect((await current()).pr?.checks.find((c) => c.name === HOSTILE)?.verdict).toMatchObject({
      class: 'real',
      action: 'woke',
    });
  }, 60_000);

  it('a likely-flaky failure that fails again after its re-run is real: the agent is woken', async () => {
    const sha = await push('sixth try');
    for (const name of ['build', HOSTILE])
      gh.addCheckRun(REPO, { name, headSha: sha, conclusion: 'success' });
    gh.scriptRerun(REPO, 'e2e', 'failure');
    await finish('e2e', sha, 'failure', session.branch);
    await drained();
    await waitFor(() => gh.repo(REPO).reruns.length === 2, 'the second re-run asked of GitHub');
    expect(reactionTexts().some((m) => m.includes('- e2e'))).toBe(false);
    const rerun = gh.repo(REPO).checkRuns.find((c) => c.id === gh.repo(REPO).reruns[1]?.created[0]);
    if (!rerun) throw new Error('no re-run check run');
    await deliver('check_run', checkRun(rerun, 'failure', session.branch));
    await drained();
    await waitFor(
      () => reactionTexts().some((m) => m.includes('- e2e')),
      'agent woken after the failed re-run',
    );
    expect((await current()).pr?.checks.find((c) => c.name === 'e2e')?.verdict).toMatchObject({
      class: 'real',
      reason: expect.stringMatching(
        /^failed again after a re-run on [0-9a-f]{7} \(failed then passed on aaaaaaa\)$/,
      ),
      action: 'woke',
    });
    expect(gh.repo(REPO).reruns).toHaveLength(2);
  }, 60_000);

  it('keeps hostile check names as data and lists them through GET /api/checks', async () => {
    const rows = d.app.db
      .select()
      .from(checkOutcomes)
      .where(and(eq(checkOutcomes.name, HOSTILE), eq(checkOutcomes.failed, true)))
      .all();
    expect(rows.map((r) => [r.runKey, r.conclusion, r.onDefault])).toEqual([
      [expect.stringMatching(/^run:\d+$/), 'failure', false],
    ]);
    const list = await d.api<{ checks: Array<{ check: string; class: string; reason: string }> }>(
      'GET',
      '/api/checks?project=demo',
    );
    expect(list.status).toBe(200);
    expect(list.body.checks.map((c) => c.check)).toEqual(expect.arrayContaining([HOSTILE, 'build', 'e2e']));
    const flaky = await d.api<{ checks: Array<{ check: string }> }>(
      'GET',
      '/api/checks?flaky=1&project=demo',
    );
    expect(flaky.body.checks.map((c) => c.check)).toEqual(['e2e']);
    expect((await d.api('GET', '/api/checks?project=nope')).status).toBe(404);
    // `ao checks --flaky`: the table, through the CLI's own client.
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await listChecks(Client.fromDataDir(dataDir, { AO_URL: d.url }), { project: 'demo' });
    } finally {
      log.mockRestore();
    }
    const out = lines.join('\n');
    expect(out).toMatch(/^CHECK\s+PR\/BRANCH\s+SHA\s+CLASS\s+REASON\s+LAST SEEN/);
    expect(out).toContain(HOSTILE);
    expect(out).toMatch(
      /e2e\s+#1 ao\/demo-1-fix-the-login\s+[0-9a-f]{7}\s+flaky\s+failed then passed on aaaaaaa/,
    );
    expect((await d.api('GET', '/api/checks?flaky=maybe')).status).toBe(400);
  });

  it('one broken period is told once: first on unrelated PRs, then on main too; a new break after a pass again', async () => {
    const before = receiver.requests.length;
    const reacted = reactionTexts().length;
    const verdict = async () => (await current()).pr?.checks.find((c) => c.name === 'deploy')?.verdict;
    await finish('deploy', 'c'.repeat(40), 'failure', 'other-1');
    await finish('deploy', 'd'.repeat(40), 'failure', 'other-2');
    const sha = await push('fifth try');
    await finish('deploy', sha, 'failure', session.branch);
    await drained();
    await waitFor(() => receiver.requests.length === before + 1, 'the broken-base notification');
    expect(receiver.requests.at(-1)?.body).toContain('unrelated PRs');
    // main's own run fails too (another reason, the same break): nobody is told again.
    gh.setBranch(REPO, 'main', 'e'.repeat(40));
    await finish('deploy', 'e'.repeat(40), 'failure', 'main');
    const next = await push('sixth try');
    await finish('deploy', next, 'failure', session.branch);
    await drained();
    await d.app.reactions.react(session.id);
    await waitFor(async () => (await verdict())?.reason.includes('told already'), 'held, told already');
    expect(await verdict()).toMatchObject({ class: 'broken-base', action: 'held' });
    expect(receiver.requests).toHaveLength(before + 1);
    // Fixed on main, then broken again: a new break is told.
    await finish('deploy', 'f'.repeat(40), 'success', 'main');
    gh.setBranch(REPO, 'main', '1'.repeat(40));
    await finish('deploy', '1'.repeat(40), 'failure', 'main');
    const third = await push('seventh try');
    await finish('deploy', third, 'failure', session.branch);
    await drained();
    await waitFor(() => receiver.requests.length === before + 2, 'the new break told');
    expect(reactionTexts()).toHaveLength(reacted); // no agent woken for any of it
  }, 60_000);
});
