import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@ao/shared/report';
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
import { ao } from '../helpers/cli';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/insights';
/** The agent: commits one file the way any agent would (plain `git commit`), then sits there. */
const AGENT_SCRIPT =
  'printf "one\\ntwo\\nthree\\n" > agent.txt && git add agent.txt && git commit -q -m "agent work" && exec sleep 3600';

describe('session outcomes and model attribution through a running daemon (tmux, real git, fake GitHub)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let secret: string;
  let session: Session;
  let prNumber: number;
  let configLines: number;
  let repoBefore: { config: string; hooks: string[] };
  let restartedDir: string | null = null;

  const deliver = async (event: string, payload: unknown) => {
    const { rawBody, headers } = signedDelivery(secret, event, payload);
    const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    expect(res.status).toBe(202);
  };
  const drained = () => waitFor(() => d.app.github.inbox.pending().length === 0, 'deliveries processed');
  const outcome = () => d.app.insights.outcomes.get(session.id);
  const prEvent = (action: string, sha: string) =>
    pullRequestPayload(REPO, { action, number: prNumber, ref: session.branch, sha });
  const snapshot = () => ({
    config: readFileSync(join(p.repo, '.git', 'config'), 'utf8'),
    hooks: readdirSync(join(p.repo, '.git', 'hooks')).sort(),
  });

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject('insights', {
      project: { id: 'insights', name: 'Insights', defaultBranch: 'main', repo: REPO },
      scms: { github },
      github: { pollIntervalSec: 3600 },
      checks: { flaky: { rerunFirstFailure: false } }, // a first failure reaches the agent at once
      agents: {
        generic: {
          command: ['/bin/sh', '-c', AGENT_SCRIPT],
          prompt: 'none',
          env: {
            GIT_AUTHOR_NAME: 'agent',
            GIT_AUTHOR_EMAIL: 'agent@test.invalid',
            GIT_COMMITTER_NAME: 'agent',
            GIT_COMMITTER_EMAIL: 'agent@test.invalid',
          },
        },
      },
    });
    configLines = readFileSync(p.configPath, 'utf8').split('\n').length - 1;
    repoBefore = snapshot();
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
  }, 60_000);
  afterAll(async () => {
    await d?.stop();
    await gh?.close();
    p?.cleanup();
    if (restartedDir) rmSync(restartedDir, { recursive: true, force: true });
  });

  it("an agent's commit carries the co-author trailer; nothing changed in the repository", async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'add agent.txt' });
    expect(res.status).toBe(201);
    session = res.body.session;
    const body = await waitFor(async () => {
      const log = await p.git(['log', '-1', '--format=%s%n%B', session.branch]).catch(() => '');
      return log.startsWith('agent work') ? log : null;
    }, 'the agent committed');
    expect(body).toContain('Co-Authored-By: generic <agent@ao.invalid>');
    // The workspace records the session's branch in the config (as before); ao's hooks are nowhere in it.
    const after = snapshot();
    expect(after.hooks).toEqual(repoBefore.hooks);
    expect(after.config.startsWith(repoBefore.config)).toBe(true);
    expect(after.config).not.toMatch(/hook/i);
    expect(
      await p.git(['config', '--get', 'core.hooksPath'], session.worktreePath).catch(() => 'unset'),
    ).toBe('unset');
    expect(outcome()).toMatchObject({ agent: 'generic', task: 'prompt', endState: null });
  });

  it('records CI fail → fix, reviews by bot and human, and what became of each comment', async () => {
    await p.git(['push', '-q', 'origin', session.branch], session.worktreePath);
    const sha1 = await p.git(['rev-parse', 'HEAD'], session.worktreePath);
    prNumber = gh.addPull(REPO, { title: 'Agent work', head: { ref: session.branch, sha: sha1 } }).number;
    gh.addCheckRun(REPO, { name: 'test', headSha: sha1, status: 'completed', conclusion: 'failure' });
    await deliver('pull_request', prEvent('opened', sha1));
    await waitFor(() => (outcome()?.ciFailures === 1 ? true : null), 'the CI failure recorded');

    const thread = (author: string, line: number) =>
      gh.addThread(REPO, {
        pull: prNumber,
        path: 'agent.txt',
        line,
        comments: [{ author, body: `note ${line}` }],
      });
    const botThread = thread('coderabbitai[bot]', 1);
    const explained = thread('alice', 2);
    thread('alice', 3); // still open at the merge: deferred
    gh.addReview(REPO, {
      pull: prNumber,
      author: 'copilot-pull-request-reviewer',
      state: 'COMMENTED',
      body: 'Summary.',
    });
    gh.addReview(REPO, { pull: prNumber, author: 'alice', state: 'CHANGES_REQUESTED', body: 'Please fix.' });
    const review = forRepo(example('pull_request_review'), REPO);
    const pr = review.pull_request as Record<string, unknown> & { head: Record<string, unknown> };
    pr.number = prNumber;
    pr.head.ref = session.branch;
    await deliver('pull_request_review', review);
    await waitFor(() => (outcome()?.reviewRounds === 2 ? true : null), 'two reviews recorded');
    expect(outcome()).toMatchObject({ commentsBot: 1, commentsHuman: 2, commentsAgent: 0 });

    explained.isResolved = true; // resolved on the same head: explained away
    const resolved = pullRequestPayload(
      REPO,
      { number: prNumber, ref: session.branch },
      'pull_request_review_thread',
      (x) => x.action === 'resolved',
    );
    await deliver('pull_request_review_thread', resolved);
    await drained();

    await p.commit(session.worktreePath, 'fix.txt', 'fixed\nagain\n'); // the test's own commit: no trailer
    await p.git(['push', '-q', 'origin', session.branch], session.worktreePath);
    const sha2 = await p.git(['rev-parse', 'HEAD'], session.worktreePath);
    const pull = gh.repo(REPO).pulls.get(prNumber);
    if (!pull) throw new Error('no pull');
    pull.head.sha = sha2;
    gh.addCheckRun(REPO, { name: 'test', headSha: sha2, status: 'completed', conclusion: 'success' });
    botThread.isResolved = true; // resolved after a new head: fixed
    await deliver('pull_request', prEvent('synchronize', sha2));
    await waitFor(() => (outcome()?.ciFixCycles === 1 ? true : null), 'the fix recorded');

    const merged = await d.api<{ session: Session }>('POST', `/api/sessions/${session.id}/merge`, {});
    expect(merged.status).toBe(200);
    await waitFor(() => (outcome()?.endState === 'merged' ? true : null), 'the end recorded');
    expect(outcome()).toMatchObject({
      prNumber,
      ciFailures: 1,
      ciFixCycles: 1,
      ciFlakyCycles: 0,
      ciSuccesses: 1,
      reviewRounds: 2,
      commentsBot: 1,
      commentsHuman: 2,
    });
    expect(outcome()?.mergedAt).toBeTruthy();
    expect(outcome()?.firstPrAt).toBeTruthy();
  });

  it('`ao report --json` gives the numbers computed by hand', async () => {
    const { stdout } = await ao(d.dataDir, ['report', '--json', '--since', '1d', '--project', 'insights']);
    const r = JSON.parse(stdout) as Report;
    // Commits on all branches: "initial" (1 line), "ao config" (the config's lines) on main; the agent's (3 lines,
    // co-authored) and the test's fix (2 lines) on the session branch.
    expect(r.totals).toEqual({
      sessions: 1,
      prsCreated: 1,
      prsMerged: 1,
      commits: 4,
      linesAdded: 1 + configLines + 3 + 2,
      aiCommits: 1,
      aiShare: 0.25,
      peakConcurrentAgents: 1,
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(r.days).toEqual([
      { day: today, mainCommits: 2, branchCommits: 2, linesAdded: 1 + configLines + 5, prsMerged: 1 },
    ]);
    expect(r.models).toEqual([{ model: 'generic', commits: 1 }]);
    expect(r.reviewers).toEqual([
      { kind: 'human', reviews: 1, inlineComments: 2, share: 0.6 },
      { kind: 'bot', reviews: 1, inlineComments: 1, share: 0.4 },
      { kind: 'agent', reviews: 0, inlineComments: 0, share: 0 },
    ]);
    expect(r.ci).toEqual([
      {
        session: session.id,
        branch: session.branch,
        failures: 1,
        fixCycles: 1,
        flaky: 0,
        successes: 1,
        outcome: 'self-corrected, merged',
      },
    ]);
    expect(r.reviewComments).toEqual({ fixed: 1, explained: 1, deferred: 1, open: 0 });
    expect(r.fixLoops).toHaveLength(1);
    expect(r.fixLoops[0]).toMatchObject({ session: session.id, checks: ['test'], fixed: true });
    const text = (await ao(d.dataDir, ['report', '--since', '1d'])).stdout;
    expect(text).toContain('AI co-authored commits');
    expect(text).toContain('self-corrected, merged');
    const md = (await ao(d.dataDir, ['report', '--md'])).stdout;
    expect(md).toContain('| KIND | REVIEWS | INLINE COMMENTS | SHARE |');

    // A ref moved: only the new commit is read from git, and it counts.
    await p.commit(p.repo, 'late.txt', 'late\n');
    await p.git(['push', '-q', 'origin', 'main']); // main as the remote has it
    const again = (await d.api<Report>('GET', '/api/report?since=1d&project=insights')).body;
    expect(again.totals).toMatchObject({ commits: 5, linesAdded: 1 + configLines + 3 + 2 + 1, aiCommits: 1 });
    expect(again.days[0]).toMatchObject({ mainCommits: 3, branchCommits: 2 });
    const bad = await d.api<{ error: { field?: string } }>('GET', '/api/report?since=soon');
    expect(bad.status).toBe(400);
  });

  it('the record survives a restart of the daemon', async () => {
    const before = outcome();
    const report = (await d.api<Report>('GET', '/api/report?since=1d')).body;
    restartedDir = d.dataDir;
    await d.close(); // the data dir stays
    d = await startTestDaemon({ dataDir: restartedDir });
    expect(outcome()).toEqual(before);
    const after = (await d.api<Report>('GET', '/api/report?since=1d')).body;
    expect({ ...after, since: '', until: '' }).toEqual({ ...report, since: '', until: '' });
  });
});
