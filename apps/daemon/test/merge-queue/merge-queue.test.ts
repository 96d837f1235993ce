import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  type FakeGitHub,
  git,
  makeProject,
  type ProjectFixture,
  readMessages,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from '../../src/cli/client';
import { showQueue } from '../../src/cli/commands/queue';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { type HumanInbox, startHumanInbox } from '../orchestrator/orchestrator-fleet';
import {
  commitIn,
  eventsOf,
  greenCiAfterRebase,
  openApprovedGreenPr,
  queueEvents,
  queueOf,
  snapshot,
  waitForEvent,
} from './queue-helpers';

const REPO = 'acme/queue';
const lines = (first: string) => `${first}\nline 2\nline 3\n`;

describe('merge queue and auto-rebase (real daemon, git, tmux; fake GitHub backed by the bare remote)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let dataDir: string;
  let stopCi: () => void;
  const s: Record<'a' | 'b' | 'c' | 'd', Session> = {} as never;
  const before: Record<string, Awaited<ReturnType<typeof snapshot>>> = {};
  const remoteTip = (branch: string) => git(['rev-parse', `refs/heads/${branch}`], p.remote);
  const toldTo = (x: Session) =>
    readMessages(p.messagesFile).filter(
      (m) => m.startsWith('Merge queue:') && m.includes(JSON.stringify(x.branch)),
    );

  let human: HumanInbox;
  beforeAll(async () => {
    human = await startHumanInbox();
    gh = await startFakeGitHub();
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject(
      'mq',
      {
        scms: { github },
        github: { pollIntervalSec: 3600 },
        merge: { queue: true, autoMerge: true },
        // The human's inbox: with ao merging approved PRs itself, "approved and ready to merge" is not for them.
        notifiers: {
          webhook: { url: human.url, secret: 'a-secret-of-16-chars!' },
          routing: { urgent: ['webhook'], action: ['webhook'], info: ['webhook'] },
        },
      },
      { project: { repo: REPO } },
    );
    gh.addRepo(REPO, { gitDir: p.remote });
    writeFileSync(join(p.repo, 'shared.txt'), lines('line 1'));
    await p.git(['add', '.']);
    await p.git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'sources']);
    await p.git(['push', '-q', 'origin', 'main']);
    dataDir = mkdtempSync(join(tmpdir(), 'ao-data-'));
    d = await startTestDaemon({ dataDir });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    for (const key of ['a', 'b', 'c', 'd'] as const) {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: `task ${key}` });
      expect(res.status).toBe(201);
      s[key] = res.body.session;
    }
    await waitFor(() => readMessages(p.messagesFile).length >= 4, 'prompts delivered');
    // The agents' work: a and c change the same line (c conflicts once a is merged); b and d other files.
    await commitIn(s.a.worktreePath, { 'shared.txt': lines('A was here'), 'a.txt': 'a\n' }, 'work of a');
    await commitIn(s.b.worktreePath, { 'b.txt': 'b\n' }, 'work of b');
    await commitIn(s.c.worktreePath, { 'shared.txt': lines('C was here') }, 'work of c');
    await commitIn(s.d.worktreePath, { 'd.txt': 'd\n' }, 'work of d');
    for (const x of Object.values(s)) await git(['push', '-q', 'origin', x.branch], x.worktreePath);
    await commitIn(s.d.worktreePath, { 'd2.txt': 'not pushed yet\n' }, 'unpushed work of d');
    for (const x of Object.values(s)) before[x.id] = await snapshot(x.worktreePath);
    stopCi = greenCiAfterRebase(d, gh, REPO);
    for (const x of Object.values(s)) await openApprovedGreenPr(d, gh, REPO, x);
  }, 120_000);
  afterAll(async () => {
    stopCi?.();
    await d?.stop();
    await gh?.close();
    await human?.close();
    p?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('merges the oldest ready PR: it lands on the bare remote and the session is done', async () => {
    await waitForEvent(d, 'merge_queue.merged', s.a.id);
    const main = await remoteTip('main');
    expect(await git(['show', `${main}:shared.txt`], p.remote)).toBe(lines('A was here').trimEnd());
    expect(gh.repo(REPO).pulls.get(1)?.merged).toBe(true);
    await waitFor(
      async () =>
        (await d.api<{ session: Session }>('GET', `/api/sessions/${s.a.id}`)).body.session.status === 'done',
      'a done',
    );
    const steps = eventsOf(d, 'merge_queue.queued').map((e) => e.data.sessionId);
    expect(steps).toEqual(expect.arrayContaining([s.a.id, s.b.id, s.c.id, s.d.id]));
    expect(eventsOf(d, 'merge_queue.merging', s.a.id)[0]?.data.method).toBe('squash');
  });

  it('then rebases the next branch in its clean worktree and pushes it: the base commit under the agent commit', async () => {
    const rebased = await waitForEvent(d, 'merge_queue.rebased', s.b.id);
    const mainAfterA = gh.repo(REPO).pulls.get(1)?.mergeCommitSha as string;
    const tip = await remoteTip(s.b.branch);
    expect(tip).toBe(rebased.data.to);
    expect(rebased.data.from).toBe(before[s.b.id]?.head);
    expect(await git(['rev-parse', `${tip}~1`], p.remote)).toBe(mainAfterA);
    expect(await git(['log', '-1', '--format=%s', tip], p.remote)).toBe('work of b');
    expect(await git(['rev-parse', 'HEAD'], s.b.worktreePath)).toBe(tip);
    expect(toldTo(s.b)).toEqual([]); // done by ao: nothing asked of the agent
  });

  it('awaits CI on the rebased head, then merges it', async () => {
    await waitForEvent(d, 'merge_queue.merged', s.b.id);
    const order = eventsOf(d, 'merge_queue.merged').map((e) => e.data.sessionId);
    expect(order).toEqual([s.a.id, s.b.id]);
    const merging = eventsOf(d, 'merge_queue.merging', s.b.id)[0];
    const rebased = eventsOf(d, 'merge_queue.rebased', s.b.id)[0];
    expect(merging && rebased && merging.id > rebased.id).toBe(true);
  });

  it('approved PRs that the queue merges itself send the human no "approved and ready to merge"', async () => {
    const fired = d.app.bus
      .since(0)
      .filter((e) => e.type === 'reaction.fired' && e.data.reaction === 'approved')
      .map((e) => (e.type === 'reaction.fired' ? e.data.detail : ''));
    expect(fired.length).toBeGreaterThan(0);
    expect(new Set(fired)).toEqual(new Set(['left to the merge queue']));
    expect(human.received.filter((n) => /approved/i.test(JSON.stringify(n)))).toEqual([]);
  });

  it('a rebase that conflicts is aborted: the worktree is exactly as before, the agent is told the files', async () => {
    const needed = await waitForEvent(d, 'merge_queue.rebase_needed', s.c.id);
    expect(needed.data.files).toEqual(['shared.txt']);
    expect(await snapshot(s.c.worktreePath)).toEqual(before[s.c.id]);
    expect(await remoteTip(s.c.branch)).toBe(before[s.c.id]?.head);
    const told = await waitFor(() => toldTo(s.c)[0], 'c asked to rebase');
    expect(told).toContain('"shared.txt"');
    expect(told).toContain('git rebase origin/main');
  });

  it('an unpushed commit prevents the auto-rebase: nothing rewritten, the agent is asked', async () => {
    const needed = await waitForEvent(d, 'merge_queue.rebase_needed', s.d.id);
    expect(needed.data.reason).toBe('the branch has commits not pushed to origin');
    expect(await snapshot(s.d.worktreePath)).toEqual(before[s.d.id]);
    expect(await remoteTip(s.d.branch)).toBe(await git(['rev-parse', 'HEAD~1'], s.d.worktreePath));
    await waitFor(() => toldTo(s.d)[0], 'd asked to rebase');
    expect(eventsOf(d, 'merge_queue.rebased', s.d.id)).toEqual([]);
  });

  it('GET /api/merge-queue shows the order and why each PR waits', async () => {
    const q = await queueOf(d, 'mq');
    expect(q?.enabled).toBe(true);
    expect(q?.items.map((i) => i.sessionId)).toEqual([s.c.id, s.d.id]);
    for (const item of q?.items ?? []) expect(item.reason).toMatch(/asked to rebase/);
    const bad = await d.api('GET', '/api/merge-queue?bogus=1');
    expect(bad.status).toBe(400);
    expect((await d.api('GET', '/api/merge-queue?project=nope')).status).toBe(404);
    // `ao queue`: the table, through the CLI's own client.
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    try {
      await showQueue(Client.fromDataDir(dataDir, { AO_URL: d.url }), { project: 'mq' });
    } finally {
      log.mockRestore();
    }
    const text = out.join('\n');
    expect(text).toContain('mq: queue on, auto-merge on, into main');
    expect(text).toMatch(new RegExp(`^  last merged: #2 \\(${s.b.id}\\) at \\d{4}-`, 'm'));
    expect(text).toMatch(/^#\s+SESSION\s+PR\s+BRANCH\s+STATE\s+WHY/m);
    expect(text).toMatch(
      new RegExp(`1\\s+${s.c.id}\\s+#3\\s+\\S+\\s+waiting\\s+behind main: the agent was asked`),
    );
  });

  it('publishes each change of the queue as merge_queue.changed: a at the head merging, then b at the head', async () => {
    await d.app.mergeQueue.idle();
    const views = eventsOf(d, 'merge_queue.changed').map((e) => e.data.queue);
    expect(views.every((v) => v.project === 'mq' && v.enabled && v.held === null)).toBe(true);
    const head = (v: (typeof views)[number]) => v.items[0];
    const merging = views.findIndex((v) => head(v)?.sessionId === s.a.id && head(v)?.state === 'merging');
    const next = views.findIndex((v) => v.lastMerged?.sessionId === s.a.id && head(v)?.sessionId === s.b.id);
    expect(merging).toBeGreaterThanOrEqual(0);
    expect(views[merging]?.items.length).toBeGreaterThan(1);
    expect(next).toBeGreaterThan(merging);
    expect(views[next]?.lastMerged?.prNumber).toBe(1);
    // No two in a row are the same, and the last one is what the API shows now.
    for (let i = 1; i < views.length; i++) expect(views[i]).not.toEqual(views[i - 1]);
    expect(views.at(-1)).toEqual(await queueOf(d, 'mq'));
  });

  it('after a daemon restart: what merged last is still shown, and agents already asked are not asked again', async () => {
    await d.app.mergeQueue.idle();
    const asked = [toldTo(s.c).length, toldTo(s.d).length];
    expect(asked).toEqual([1, 1]);
    const lastMerged = (await queueOf(d, 'mq'))?.lastMerged;
    expect(lastMerged?.prNumber).toBe(2);
    const mark = Math.max(0, ...queueEvents(d).map((e) => e.id));
    await d.close(); // the agents live on in tmux, as after a real restart
    d = await startTestDaemon({ dataDir });
    await waitFor(async () => (await queueOf(d, 'mq'))?.items.length === 2, 'the queue back');
    await d.app.mergeQueue.idle();
    expect((await queueOf(d, 'mq'))?.lastMerged).toEqual(lastMerged);
    expect(eventsOf(d, 'merge_queue.rebase_needed').filter((e) => e.id > mark)).toEqual([]);
    expect([toldTo(s.c).length, toldTo(s.d).length]).toEqual(asked);
  });
});
