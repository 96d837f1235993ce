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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { commitIn, eventsOf, greenCiAfterRebase, openApprovedGreenPr, queueOf } from './queue-helpers';

const REPO = 'acme/ordered';

describe('merge queue order (issues that block each other; real daemon, git, tmux, fake GitHub)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let stopCi: () => void;
  const byIssue = new Map<number, Session>();

  beforeAll(async () => {
    gh = await startFakeGitHub();
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject(
      'ordered',
      {
        tracker: 'github',
        trackers: { github },
        scms: { github },
        github: { pollIntervalSec: 3600 },
        merge: { queue: true, autoMerge: { label: 'ship-it' } },
        // An approved-PR reaction that would merge at once: with the queue on it leaves the PR to the queue.
        reactions: { approved: { action: 'auto_merge' } },
      },
      { project: { repo: REPO } },
    );
    gh.addRepo(REPO, { gitDir: p.remote });
    gh.addIssue(REPO, { number: 1, title: 'Groundwork', body: 'The base of it.' });
    gh.addIssue(REPO, { number: 2, title: 'Middle', body: 'Depends on #1.' });
    gh.addIssue(REPO, { number: 3, title: 'Top', body: 'Blocked by #2' });
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    // Started last-first: the order must come from the dependencies, not from age.
    for (const issue of [3, 2, 1]) {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { issue });
      expect(res.status).toBe(201);
      byIssue.set(issue, res.body.session);
    }
    await waitFor(() => readMessages(p.messagesFile).length >= 3, 'prompts delivered');
    await waitFor(
      async () =>
        (await d.api<{ session: Session }>('GET', `/api/sessions/${byIssue.get(3)?.id}`)).body.session
          .blockedBy.length,
      'dependencies computed',
    );
    for (const [issue, s] of byIssue) {
      await commitIn(s.worktreePath, { [`issue-${issue}.txt`]: `${issue}\n` }, `work on #${issue}`);
      await git(['push', '-q', 'origin', s.branch], s.worktreePath);
    }
    stopCi = greenCiAfterRebase(d, gh, REPO);
  }, 120_000);
  afterAll(async () => {
    stopCi?.();
    await d?.stop();
    await gh?.close();
    p?.cleanup();
  });

  it('without the auto-merge label nothing is merged; the queue shows blockers first', async () => {
    for (const s of byIssue.values()) await openApprovedGreenPr(d, gh, REPO, s);
    await d.app.mergeQueue.run('ordered');
    const q = await queueOf(d, 'ordered');
    const [one, two, three] = [1, 2, 3].map((n) => byIssue.get(n)?.id);
    expect(q?.items.map((i) => i.sessionId)).toEqual([one, two, three]);
    expect(q?.items[0]?.reason).toBe('ready: ao merges it once it carries the label "ship-it"');
    expect(q?.items[1]?.reason).toBe(`blocked by ${one}`);
    expect(eventsOf(d, 'merge_queue.merging')).toEqual([]);
    await waitFor(
      () =>
        d.app.bus
          .since(0)
          .filter((e) => e.type === 'reaction.fired' && e.data.detail === 'left to the merge queue')
          .length === 3,
      'the auto_merge reaction left all three PRs to the queue',
    );
    expect(gh.requestsTo('PUT', /\/merge$/)).toEqual([]);
  });

  it('with the label, merges the three PRs in dependency order, rebasing each next one and awaiting its CI', async () => {
    for (const pr of gh.repo(REPO).pulls.values()) pr.labels.push('ship-it');
    for (const s of byIssue.values()) await d.app.github.loop.refresh(s.id);
    await waitFor(() => eventsOf(d, 'merge_queue.merged').length === 3, 'three merged', 90_000);
    const order = eventsOf(d, 'merge_queue.merged').map((e) => e.data.sessionId);
    expect(order).toEqual([1, 2, 3].map((n) => byIssue.get(n)?.id));
    // #2 and #3 were rebased onto what merged before them (each after its blocker merged).
    expect(eventsOf(d, 'merge_queue.rebased').map((e) => e.data.sessionId)).toEqual(
      [2, 3].map((n) => byIssue.get(n)?.id),
    );
    const files = await git(['ls-tree', '--name-only', 'main'], p.remote);
    expect(files.split('\n')).toEqual(expect.arrayContaining(['issue-1.txt', 'issue-2.txt', 'issue-3.txt']));
  });
});
