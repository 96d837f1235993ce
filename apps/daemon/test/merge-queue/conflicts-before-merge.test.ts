import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session, SessionConflict } from '@ao/shared/session';
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
import { openApprovedGreenPr, waitForEvent } from './queue-helpers';

const REPO = 'acme/race';
const lines = (first: string) => `${first}\nline 2\nline 3\n`;

/** The agent's work on shared.txt, committed and pushed. */
async function commitAndPush(x: Session, text: string): Promise<void> {
  writeFileSync(join(x.worktreePath, 'shared.txt'), text);
  await git(['add', 'shared.txt'], x.worktreePath);
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', `work of ${x.id}`], x.worktreePath);
  await git(['push', '-q', 'origin', x.branch], x.worktreePath);
}

/**
 * The fleet benchmark's "conflict first seen at merge": two agents change the same line within a second and the first
 * PR is ready at once. The conflict picture follows commits through the reflog watch (debounced), so a commit it has
 * not looked at yet (here: a repository that keeps no reflogs, so no commit is reported) must not be merged past: the queue brings
 * the picture up to date before it merges, and the conflict is on both cards when the merge starts.
 */
describe('merge queue: predicted conflicts are current before a merge (real daemon, git; fake GitHub)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let dataDir: string;
  const s: Record<'a' | 'b', Session> = {} as never;
  const atMerge: Record<string, SessionConflict[]> = {};
  let unsubscribe: () => void = () => {};

  beforeAll(async () => {
    gh = await startFakeGitHub();
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject(
      'race',
      { scms: { github }, github: { pollIntervalSec: 3600 }, merge: { queue: true, autoMerge: true } },
      { project: { repo: REPO } },
    );
    gh.addRepo(REPO, { gitDir: p.remote });
    writeFileSync(join(p.repo, 'shared.txt'), lines('line 1'));
    await p.git(['add', '.']);
    await p.git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'sources']);
    await p.git(['push', '-q', 'origin', 'main']);
    // No reflogs for the sessions' branches: their commits move no watched file (what the debounce window is, held).
    await p.git(['config', 'core.logAllRefUpdates', 'false']);
    dataDir = mkdtempSync(join(tmpdir(), 'ao-data-'));
    d = await startTestDaemon({ dataDir });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    for (const key of ['a', 'b'] as const) {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: `task ${key}` });
      expect(res.status).toBe(201);
      s[key] = res.body.session;
    }
    await waitFor(() => readMessages(p.messagesFile).length >= 2, 'prompts delivered');
    await d.app.conflicts.idle();
    // What each card shows the moment the queue starts the merge.
    unsubscribe = d.app.bus.subscribe((e) => {
      if (e.type !== 'merge_queue.merging') return;
      for (const x of Object.values(s))
        atMerge[x.id] = (d.app.sessions.find(x.id)?.conflicts as SessionConflict[] | null) ?? [];
    });
  }, 120_000);
  afterAll(async () => {
    unsubscribe();
    await d?.stop();
    await gh?.close();
    p?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a pair editing the same line: the conflict is on both cards before the first is merged', async () => {
    // Neither commit is reported to the conflict picture: it has not looked at the pair when the first PR is ready.
    await commitAndPush(s.b, lines('B was here'));
    await commitAndPush(s.a, lines('A was here'));
    await d.app.conflicts.idle();
    expect(d.app.sessions.find(s.b.id)?.conflicts ?? []).toEqual([]);
    await openApprovedGreenPr(d, gh, REPO, s.a);
    await waitForEvent(d, 'merge_queue.merged', s.a.id);
    const conflictWith = (id: string) => (atMerge[id] ?? []).find((c) => c.kind === 'conflict')?.with;
    expect(conflictWith(s.a.id)).toBe(s.b.id);
    expect(conflictWith(s.b.id)).toBe(s.a.id);
    expect(atMerge[s.b.id]?.find((c) => c.kind === 'conflict')?.files).toEqual(['shared.txt']);
  });
});
