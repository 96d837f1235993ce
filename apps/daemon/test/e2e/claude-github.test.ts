import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeBins } from '../agent-claude/claude-bins';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import type { RecordedRequest } from '../mocks/anthropic-mock';
import { text, toolUse } from '../mocks/anthropic-mock';
import {
  type ClaudeEnv,
  claudePids,
  EventStream,
  killTmuxServer,
  startClaudeEnv,
  waitForExit,
} from './e2e-helpers';

const REPO = 'acme/demo';
const BRANCH = 'ao/42-fix-login-redirect';
const FAILURE = 'expected 302 to be 200 at login.test.ts:14';

/**
 * The issue's scenario end to end: a GitHub issue → a session → the real Claude Code CLI (scripted by the mock API)
 * commits and pushes → PR → a failing check whose log reaches the agent → the agent's fix → green and approved →
 * merged from ao. GitHub is the local fake; webhooks are signed like GitHub's.
 */
describe.each(claudeBins())(
  'claude-code ($name) and the GitHub loop through the daemon (real CLI, fake GitHub, signed webhooks)',
  ({ path: bin }) => {
    let env: ClaudeEnv;
    let gh: FakeGitHub;
    let p: ProjectFixture;
    let d: TestDaemon;
    let events: EventStream;
    let secret: string;
    let session: Session;
    let prNumber: number;
    let firstSha: string;
    const pids = new Set<number>();

    const current = async () =>
      (await d.api<{ session: Session }>('GET', `/api/sessions/${session.id}`)).body.session;
    const remoteSha = async () => (await p.git(['rev-parse', BRANCH], p.remote)).trim();
    const deliver = async (event: string, payload: unknown) => {
      const { rawBody, headers } = signedDelivery(secret, event, payload);
      const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
      return { status: res.status, body: (await res.json()) as { ok?: boolean; kind?: string } };
    };
    const withRepo = (payload: Record<string, unknown>) => forRepo(payload, REPO);
    const prPayload = (action: string, sha: string) =>
      pullRequestPayload(REPO, { action, number: prNumber, ref: BRANCH, sha });
    const idleAfter = (from: number) =>
      events.activity(session.id, 'idle', {
        from,
        timeoutMs: 90_000,
      });

    beforeAll(async () => {
      env = await startClaudeEnv();
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
        agent: 'claude-code',
        agents: { 'claude-code': { ...env.agentSettings('skip'), binary: bin } },
        tracker: 'github',
        trackers: { github },
        scms: { github },
        github: { pollIntervalSec: 3600 },
        checks: { flaky: { rerunFirstFailure: false } }, // a first failure reaches the agent at once
      });
      const raw = readFileSync(p.configPath, 'utf8');
      writeFileSync(p.configPath, raw.replace('project:\n', `project:\n  repo: ${REPO}\n`));
      d = await startTestDaemon();
      const added = await d.api('POST', '/api/projects', { configPath: p.configPath });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
      events = new EventStream(d.url, d.token);
    }, 60_000);

    afterAll(async () => {
      for (const { pid } of claudePids(env.configDir)) pids.add(pid);
      if (session?.id && (await current()).status === 'running') {
        await d.api('POST', `/api/sessions/${session.id}/kill`, {});
      }
      await killTmuxServer(d.dataDir);
      await waitForExit([...pids]);
      await events.close();
      await d.stop();
      await gh.close();
      await env.close();
      p.cleanup();
    }, 60_000);

    it('an issue becomes a session; Claude edits, commits and pushes its branch', async () => {
      const worktree = join(d.dataDir, 'worktrees', 'demo', 'demo-1');
      env.mock.on(
        (r) => r.lastUserText.includes('Fix login redirect') && r.lastUserText.includes('/home after login'),
        [
          toolUse('Write', { file_path: join(worktree, 'login.js'), content: "redirect('/dashboard');\n" }),
          toolUse('Bash', {
            command: `git add login.js && git commit -q -m "fix login redirect" && git push -q -u origin ${BRANCH}`,
            description: 'commit and push',
          }),
          text('Pushed the fix.'),
        ],
        { times: 1 },
      );
      const mark = events.length;
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { issue: 42 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      session = res.body.session;
      expect(session).toMatchObject({ branch: BRANCH, worktreePath: worktree, agent: 'claude-code' });
      expect(session.issue).toMatchObject({ number: 42, title: 'Fix login redirect' });

      await idleAfter(mark);
      for (const { pid } of claudePids(env.configDir)) pids.add(pid);
      const push = env.mock
        .mainRequests()
        .find((r) => r.toolResults.length > 0 && r.allText.includes('git push'));
      expect(push?.toolResults[0]?.isError, push?.toolResults[0]?.text).toBe(false);
      firstSha = await remoteSha();
      expect(firstSha).toBe(await p.git(['rev-parse', 'HEAD'], worktree));
      expect(await p.git(['log', '--format=%s', '-1', BRANCH], p.remote)).toBe('fix login redirect');
    }, 120_000);

    it('links the PR from a signed pull_request webhook: Pending while CI runs', async () => {
      const pull = gh.addPull(REPO, { title: 'Fix login redirect', head: { ref: BRANCH, sha: firstSha } });
      prNumber = pull.number;
      gh.addCheckRun(REPO, { name: 'test', headSha: firstSha, status: 'in_progress', conclusion: null });
      const res = await deliver('pull_request', prPayload('opened', firstSha));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ ok: true, kind: 'pr' }); // answered at once; processed from the inbox
      const s = await waitFor(
        async () => ((await current()).pr?.number === prNumber ? current() : null),
        'PR linked',
      );
      expect(s.pr).toMatchObject({ ci: 'pending', state: 'open' });
      expect(s.lane).toBe('pending');
    }, 60_000);

    it('a failed check reaches the agent with its log excerpt (transcript and API request); it pushes a fix', async () => {
      const run = gh.repo(REPO).checkRuns.find((r) => r.name === 'test' && r.headSha === firstSha);
      if (!run) throw new Error('no check run');
      run.status = 'completed';
      run.conclusion = 'failure';
      run.completedAt = new Date().toISOString();
      gh.repo(REPO).jobLogs.set(run.id, `Run npm test\n> vitest run\n##[error]${FAILURE}\n`);
      const worktree = session.worktreePath;
      env.mock.on(
        (r) => r.lastUserText.includes(FAILURE),
        [
          toolUse('Write', {
            file_path: join(worktree, 'login.js'),
            content: "redirect('/dashboard', 302);\n",
          }),
          toolUse('Bash', {
            command: 'git commit -q -am "return 302 from login" && git push -q',
            description: 'commit and push the fix',
          }),
          text('Fixed the failing test.'),
        ],
        { times: 1 },
      );

      const payload = withRepo(example('check_run', (x) => x.action === 'completed'));
      const checkRun = payload.check_run as Record<string, unknown> & {
        check_suite?: Record<string, unknown>;
      };
      checkRun.head_sha = firstSha;
      checkRun.status = 'completed';
      checkRun.conclusion = 'failure';
      if (checkRun.check_suite) checkRun.check_suite.head_branch = BRANCH;
      const mark = events.length;
      expect((await deliver('check_run', payload)).status).toBe(202);

      const delivered = await events.waitFor(
        (e) =>
          e.type === 'session.message' &&
          e.data.sessionId === session.id &&
          e.data.message.state === 'delivered',
        'CI failure delivered to the agent',
        { from: mark, timeoutMs: 60_000 },
      );
      if (delivered.event.type !== 'session.message') throw new Error('unreachable');
      expect(delivered.event.data.message.text).toContain(FAILURE);
      expect(delivered.event.data.message.text).toContain(`PR #${prNumber}`);

      // The model got it: the mock recorded the user turn with the check name and the log excerpt.
      const req: RecordedRequest = await env.mock.waitForRequest(
        (r) => r.main && r.lastUserText.includes(FAILURE),
      );
      expect(req.lastUserText).toContain('CI failed on this PR');
      expect(req.lastUserText).toContain('test (failure)');
      // And Claude recorded it in its own transcript as a user turn.
      const s = await current();
      const userTurn = await waitFor(
        () =>
          env
            .transcript(s)
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as { type?: string; message?: { content?: unknown } })
            .find((l) => l.type === 'user' && JSON.stringify(l.message?.content ?? '').includes(FAILURE)),
        'the CI failure as a user turn in the transcript',
      );
      expect(JSON.stringify(userTurn.message?.content)).toContain('CI failed on this PR');

      await idleAfter(mark);
      const fixSha = await remoteSha();
      expect(fixSha).not.toBe(firstSha);
      expect(await p.git(['log', '--format=%s', '-1', BRANCH], p.remote)).toBe('return 302 from login');
      // Sent once, however many signals followed.
      const sends = events.events.filter(
        ({ event }) =>
          event.type === 'session.message' &&
          event.data.message.state === 'sending' &&
          event.data.message.text.includes(FAILURE),
      );
      expect(sends).toHaveLength(1);
    }, 150_000);

    it('green and approved: Merge lane; merging from ao makes it Done and removes the worktree', async () => {
      const sha = await remoteSha();
      const pull = gh.repo(REPO).pulls.get(prNumber);
      if (!pull) throw new Error('no pull');
      pull.head.sha = sha;
      gh.addCheckRun(REPO, { name: 'test', headSha: sha, status: 'completed', conclusion: 'success' });
      gh.addReview(REPO, { pull: prNumber, author: 'reviewer', state: 'APPROVED' });
      expect((await deliver('pull_request', prPayload('synchronize', sha))).status).toBe(202);
      const review = withRepo(example('pull_request_review'));
      (review.review as Record<string, unknown>).state = 'approved';
      const pr = review.pull_request as Record<string, unknown> & { head: Record<string, unknown> };
      pr.number = prNumber;
      pr.head.ref = BRANCH;
      pr.head.sha = sha;
      expect((await deliver('pull_request_review', review)).status).toBe(202);

      const ready = await waitFor(
        async () => ((await current()).lane === 'merge' ? current() : null),
        'Merge lane',
        30_000,
      ).catch(async (err: Error) => {
        const s = await current();
        const seq = events.activities(session.id).map((a) => `${a.to} [${a.source}] ${a.detail}`);
        throw new Error(
          `${err.message}: lane ${s.lane}, activity ${s.activity}, escalated ${s.escalated}, ` +
            `pr ${JSON.stringify(s.pr)}\nactivity: ${seq.join(' → ')}\nGitHub requests: ` +
            gh.requests
              .slice(-30)
              .map((r) => `${r.method} ${r.path} ${r.status}`)
              .join(', '),
        );
      });
      expect(ready.pr).toMatchObject({
        ci: 'passing',
        reviewDecision: 'approved',
        mergeable: 'mergeable',
        headSha: sha,
      });

      for (const { pid } of claudePids(env.configDir)) pids.add(pid);
      const merged = await d.api<{ session: Session }>('POST', `/api/sessions/${session.id}/merge`, {});
      expect(merged.status, JSON.stringify(merged.body)).toBe(200);
      expect(merged.body.session).toMatchObject({ status: 'done', lane: 'done' });
      expect(merged.body.session.pr?.state).toBe('merged');
      expect(gh.requestsTo('PUT', `/repos/${REPO}/pulls/${prNumber}/merge`)).toHaveLength(1);
      expect(existsSync(session.worktreePath)).toBe(false);
    }, 60_000);
  },
);
