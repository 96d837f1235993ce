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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/first';

/**
 * `checks.flaky.rerunFirstFailure` (on by default) through a running daemon: a check's first failure on a branch,
 * with no history to call it flaky, is re-run once before the agent is woken (the fleet benchmark's flaky turn). Signed
 * webhooks, the fake GitHub's re-run endpoint, real git, tmux and SQLite.
 */
describe('first failure of a check on a branch: re-run once before the agent is woken', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let secret: string;
  let session: Session;
  let prNumber: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-ff-'));

  const deliver = async (event: string, payload: unknown) => {
    const { rawBody, headers } = signedDelivery(secret, event, payload);
    const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    expect(res.status).toBe(202);
  };
  const drained = () => waitFor(() => d.app.github.inbox.pending().length === 0, 'deliveries processed');
  const current = async () =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${session.id}`)).body.session;
  const ciTexts = () =>
    d.app.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, session.id), eq(messages.kind, 'reaction')))
      .all()
      .map((m) => m.text)
      .filter((t) => t.includes('Failed checks'));
  const checkRun = (run: { id: number; name: string; headSha: string }, conclusion: string) => {
    const payload = forRepo(
      example('check_run', (x) => x.action === 'completed'),
      REPO,
    );
    const c = payload.check_run as Record<string, unknown> & { check_suite?: Record<string, unknown> };
    Object.assign(c, { id: run.id, name: run.name, head_sha: run.headSha, status: 'completed', conclusion });
    c.pull_requests = [{ number: prNumber }];
    if (c.check_suite) c.check_suite.head_branch = session.branch;
    return payload;
  };
  const finish = async (name: string, sha: string, conclusion: 'success' | 'failure') => {
    const run = gh.addCheckRun(REPO, { name, headSha: sha, conclusion });
    await deliver('check_run', checkRun(run, conclusion));
    await drained();
    return run;
  };
  /** GitHub re-ran the check (the fake's re-run endpoint made its new run): it tells, as GitHub does. */
  const rerunTold = async (nth: number) => {
    await waitFor(() => gh.repo(REPO).reruns.length === nth, `re-run ${nth} asked of GitHub`);
    const id = gh.repo(REPO).reruns[nth - 1]?.created[0];
    const run = gh.repo(REPO).checkRuns.find((c) => c.id === id);
    if (!run) throw new Error('no re-run check run');
    await deliver('check_run', checkRun(run, run.conclusion ?? 'success'));
    await drained();
  };
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
  const verdictOf = async (name: string) =>
    (await current()).pr?.checks.find((c) => c.name === name)?.verdict;

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject('first', { scms: { github }, github: { pollIntervalSec: 3600 } });
    const raw = readFileSync(p.configPath, 'utf8');
    writeFileSync(p.configPath, raw.replace('project:\n', `project:\n  repo: ${REPO}\n`));
    d = await startTestDaemon({ dataDir });
    secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
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
    await d?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await gh?.close();
    p?.cleanup();
  });

  it('a flaky check with no history fails, passes on its re-run: no agent is woken', async () => {
    const sha = await push('first try');
    gh.addCheckRun(REPO, { name: 'lint', headSha: sha, conclusion: 'success' });
    const failed = await finish('ci', sha, 'failure');
    await waitFor(() => gh.repo(REPO).reruns.length === 1, 'the re-run asked of GitHub');
    expect(
      gh.requestsTo('POST', `/repos/${REPO}/actions/runs/${failed.id + 1}/rerun-failed-jobs`),
    ).toHaveLength(1);
    expect(await verdictOf('ci')).toMatchObject({
      class: 'real',
      action: 'rerun',
      reason: expect.stringContaining(`first failure on ${session.branch}: re-run once`),
    });
    await d.app.reactions.react(session.id);
    expect(ciTexts()).toEqual([]); // held while the re-run runs
    await rerunTold(1); // the fake's default: the re-run passes
    await waitFor(async () => (await current()).pr?.ci === 'passing', 'green after the re-run');
    await d.app.reactions.react(session.id);
    expect(ciTexts()).toEqual([]);
    const decided = d.app.github.checkStore.decision(REPO, sha, 'ci');
    expect(decided).toMatchObject({ class: 'flaky', reason: expect.stringMatching(/^passed on its re-run/) });
  });

  it('a real failure is re-run once, fails again and wakes the agent once with the real result', async () => {
    const sha = await push('second try');
    for (const name of ['lint', 'ci']) gh.addCheckRun(REPO, { name, headSha: sha, conclusion: 'success' });
    gh.scriptRerun(REPO, 'build', 'failure');
    await finish('build', sha, 'failure');
    await d.app.reactions.react(session.id);
    expect(ciTexts()).toEqual([]);
    await rerunTold(2);
    const woken = await waitFor(() => ciTexts().find((m) => m.includes('- build')), 'agent woken');
    expect(woken).toBeDefined();
    expect(await verdictOf('build')).toMatchObject({
      class: 'real',
      action: 'woke',
      reason: expect.stringMatching(/^failed again after a re-run on [0-9a-f]{7}/),
    });
    await d.app.reactions.react(session.id);
    expect(ciTexts().filter((m) => m.includes('- build'))).toHaveLength(1);
    expect(gh.repo(REPO).reruns).toHaveLength(2);
  }, 60_000);

  it('the budget: a later failure of that check on the branch wakes the agent at once, with no re-run', async () => {
    const sha = await push('third try');
    for (const name of ['lint', 'ci']) gh.addCheckRun(REPO, { name, headSha: sha, conclusion: 'success' });
    await finish('build', sha, 'failure');
    await waitFor(() => ciTexts().filter((m) => m.includes('- build')).length === 2, 'agent woken again');
    expect(await verdictOf('build')).toMatchObject({ class: 'real', action: 'woke' });
    expect(gh.repo(REPO).reruns).toHaveLength(2);
  }, 60_000);
});
