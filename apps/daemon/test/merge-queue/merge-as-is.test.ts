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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { eventsOf, openApprovedGreenPr, waitForEvent } from './queue-helpers';

const REPO = 'acme/as-is';

/** The agent's work on a file of its own, committed and pushed. */
async function commitAndPush(x: Session, file: string): Promise<string> {
  writeFileSync(join(x.worktreePath, file), `${x.id}\n`);
  await git(['add', file], x.worktreePath);
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', `work of ${x.id}`], x.worktreePath);
  await git(['push', '-q', 'origin', x.branch], x.worktreePath);
  return git(['rev-parse', 'HEAD'], x.worktreePath);
}

/**
 * `merge.requireUpToDate: false`: a ready PR that GitHub can merge cleanly is merged as it is once the base moved,
 * without a rebase round (its branch is not rewritten, no second CI run is awaited).
 */
describe('merge queue with requireUpToDate: false (real daemon, git; fake GitHub backed by the bare remote)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let dataDir: string;
  const s: Record<'a' | 'b', Session> = {} as never;

  beforeAll(async () => {
    gh = await startFakeGitHub();
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject(
      'asis',
      {
        scms: { github },
        github: { pollIntervalSec: 3600 },
        merge: { queue: true, autoMerge: true, requireUpToDate: false },
      },
      { project: { repo: REPO } },
    );
    gh.addRepo(REPO, { gitDir: p.remote });
    dataDir = mkdtempSync(join(tmpdir(), 'ao-data-'));
    d = await startTestDaemon({ dataDir });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    for (const key of ['a', 'b'] as const) {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: `task ${key}` });
      expect(res.status).toBe(201);
      s[key] = res.body.session;
    }
    await waitFor(() => readMessages(p.messagesFile).length >= 2, 'prompts delivered');
  }, 120_000);
  afterAll(async () => {
    await d?.stop();
    await gh?.close();
    p?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('merges the second PR behind the first one as it is: no rebase, its pushed head untouched', async () => {
    await commitAndPush(s.a, 'a.txt');
    const headB = await commitAndPush(s.b, 'b.txt');
    await openApprovedGreenPr(d, gh, REPO, s.a);
    await openApprovedGreenPr(d, gh, REPO, s.b);
    await waitForEvent(d, 'merge_queue.merged', s.a.id);
    await waitForEvent(d, 'merge_queue.merged', s.b.id);
    expect(eventsOf(d, 'merge_queue.rebased')).toEqual([]);
    expect(eventsOf(d, 'merge_queue.rebase_needed')).toEqual([]);
    expect(await git(['rev-parse', `refs/heads/${s.b.branch}`], p.remote)).toBe(headB);
    const files = await git(['ls-tree', '--name-only', 'refs/heads/main'], p.remote);
    expect(files.split('\n')).toEqual(expect.arrayContaining(['a.txt', 'b.txt']));
  });
});
