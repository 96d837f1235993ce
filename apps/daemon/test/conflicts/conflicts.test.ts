import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AoEvent } from '@ao/shared/events';
import type { Session, SessionConflict } from '@ao/shared/session';
import {
  example,
  type FakeGitHub,
  forRepo,
  git,
  makeProject,
  openSse,
  type ProjectFixture,
  readMessages,
  type SseStream,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/demo';
/** Names git allows and a shell or an argv parser would misread: kept as data all the way to the API. */
const HOSTILE = '--dash $(touch pwned)\nnew line.txt';
const SPACED = 'dir with space/ -x.txt';
const lines = (edit: Record<number, string> = {}) =>
  Array.from({ length: 12 }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';

describe('predicted conflicts (real git with a bare remote, worktrees, real daemon)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let sse: SseStream;
  let secret: string;
  let dataDir: string;
  const ids: string[] = [];
  const sessions = new Map<string, Session>();

  const get = async (id: string) =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
  const commitIn = async (id: string, files: Record<string, string>, message = 'work') => {
    const cwd = (sessions.get(id) as Session).worktreePath;
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(cwd, name)), { recursive: true });
      writeFileSync(join(cwd, name), text);
      await git(['add', '--', name], cwd);
    }
    await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], cwd);
  };
  const conflictsOf = async (id: string) => (await get(id)).conflicts;
  const sseConflicts = (id: string) =>
    sse.messages
      .filter((m) => m.event === 'session.conflicts')
      .map((m) => (m.data as Extract<AoEvent, { type: 'session.conflicts' }>).data.session)
      .filter((s) => s.id === id)
      .at(-1)?.conflicts;
  const toldTo = (id: string) => readMessages(p.messagesFile).filter((m) => m.includes(`(session ${id})`));

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject(
      'demo',
      { scms: { github }, github: { pollIntervalSec: 3600 }, conflicts: { onNew: 'tell' } },
      { project: { repo: REPO } },
    );
    mkdirSync(join(p.repo, 'src'));
    writeFileSync(join(p.repo, 'src/x.ts'), lines());
    writeFileSync(join(p.repo, 'other.txt'), 'other\n');
    await p.git(['add', '.']);
    await p.git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'sources']);
    await p.git(['push', '-q', 'origin', 'main']);
    dataDir = mkdtempSync(join(tmpdir(), 'ao-data-'));
    d = await startTestDaemon({ dataDir });
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
    sse = openSse(`${d.url}/api/events`, { authorization: `Bearer ${d.token}` });
    for (const prompt of ['first task', 'second task', 'third task']) {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt });
      expect(res.status).toBe(201);
      ids.push(res.body.session.id);
      sessions.set(res.body.session.id, res.body.session);
    }
    await waitFor(() => readMessages(p.messagesFile).length >= 3, 'prompts delivered');
  }, 120_000);
  afterAll(async () => {
    sse?.close();
    await d?.stop();
    await gh?.close();
    p?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('two agents editing the same lines show the conflict on both cards (API and SSE) before any PR', async () => {
    const [a, b, c] = ids as [string, string, string];
    await commitIn(a, { 'src/x.ts': lines({ 1: 'A was here' }), [HOSTILE]: 'a\n', [SPACED]: 'a\n' });
    await commitIn(b, { 'src/x.ts': lines({ 1: 'B was here' }), [HOSTILE]: 'b\n', [SPACED]: 'b\n' });
    await commitIn(c, { 'other.txt': 'changed by c\n' });
    const expected = (other: string): SessionConflict => ({
      with: other,
      kind: 'conflict',
      files: [SPACED, HOSTILE, 'src/x.ts'].sort(),
      fileCount: 3,
    });
    // Found from the commits alone (ref moves in the repository), no webhook, no PR.
    await waitFor(
      async () => (await conflictsOf(a)).length > 0 && (await conflictsOf(b)).length > 0,
      'conflicts',
    );
    expect(await conflictsOf(a)).toEqual([expected(b)]);
    expect(await conflictsOf(b)).toEqual([expected(a)]);
    expect((await get(a)).pr).toBeNull();
    expect(await conflictsOf(c)).toEqual([]); // different files: nothing
    await waitFor(() => sseConflicts(a)?.length && sseConflicts(b)?.length, 'session.conflicts events');
    expect(sseConflicts(a)).toEqual([expected(b)]);
    expect(sseConflicts(b)).toEqual([expected(a)]);
    // An order from the predicted conflict: the session started first goes first.
    expect((await get(b)).blockedBy).toEqual([{ session: a, issue: null, reason: 'conflict' }]);
    expect((await get(a)).blocks).toEqual([{ session: b, issue: null, reason: 'conflict' }]);
    expect((await get(a)).blockedBy).toEqual([]);
  });

  it('tells each agent once (conflicts.onNew: tell), naming the other session and the files as data', async () => {
    const [a, b] = ids as [string, string];
    await waitFor(() => toldTo(a).length && toldTo(b).length, 'agents told');
    const told = toldTo(a)[0] as string;
    expect(told).toContain(`session ${b}`);
    expect(told).toContain(JSON.stringify(HOSTILE));
    expect(told).toContain('"src/x.ts"');
    await d.app.conflicts.run('demo');
    await d.app.conflicts.run('demo');
    expect(toldTo(a)).toHaveLength(1);
    expect(toldTo(b)).toHaveLength(1);
  });

  it('does not tell again after a restart of the daemon', async () => {
    const [a, b] = ids as [string, string];
    sse.close();
    await d.close(); // the agents keep running in ao's tmux
    d = await startTestDaemon({ dataDir });
    await waitFor(async () => (await get(a)).status === 'running', 'recovered');
    await d.app.conflicts.run('demo');
    expect((await conflictsOf(a)).map((c) => c.with)).toEqual([b]);
    expect(toldTo(a)).toHaveLength(1);
    expect(toldTo(b)).toHaveLength(1);
  });

  it('same file, different hunks: an overlap, not a conflict', async () => {
    const [a, b, c] = ids as [string, string, string];
    await commitIn(c, { 'src/x.ts': lines({ 12: 'C edits the end' }) });
    await waitFor(async () => (await conflictsOf(c)).length === 2, 'overlaps of c');
    const overlap = (other: string) => ({ with: other, kind: 'overlap', files: ['src/x.ts'], fileCount: 1 });
    expect(await conflictsOf(c)).toEqual([overlap(a), overlap(b)]);
    expect(await conflictsOf(a)).toContainEqual(overlap(c));
    expect((await conflictsOf(a)).filter((x) => x.kind === 'conflict')).toHaveLength(1);
    expect(toldTo(c)).toHaveLength(0); // only conflicts are told by default (conflicts.kinds)
  });

  it('a push to the default branch (webhook) fetches the base and recomputes against it', async () => {
    const [a, b, c] = ids as [string, string, string];
    const other = join(p.root, 'other-clone');
    await git(['clone', '-q', p.remote, other], p.root);
    writeFileSync(join(other, 'src/x.ts'), lines({ 1: 'main moved' }));
    await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-am', 'main moves'], other);
    await git(['push', '-q', 'origin', 'main'], other);
    const payload = forRepo(example('push'), REPO) as Record<string, unknown>;
    payload.ref = 'refs/heads/main';
    payload.deleted = false;
    payload.after = await git(['rev-parse', 'HEAD'], other);
    const { rawBody, headers } = signedDelivery(secret, 'push', payload);
    const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    expect(res.status).toBeLessThan(300);
    const base = (files: string[], kind: 'conflict' | 'overlap') => ({
      with: 'base',
      kind,
      files,
      fileCount: 1,
    });
    await waitFor(async () => (await conflictsOf(c)).some((x) => x.with === 'base'), 'c vs base');
    expect(await conflictsOf(a)).toContainEqual(base(['src/x.ts'], 'conflict'));
    expect(await conflictsOf(b)).toContainEqual(base(['src/x.ts'], 'conflict'));
    expect(await conflictsOf(c)).toContainEqual(base(['src/x.ts'], 'overlap'));
  });

  it('a commit in a worktree that resolves the conflict clears it on both cards', async () => {
    const [a, b] = ids as [string, string];
    await commitIn(b, { 'src/x.ts': lines({ 1: 'A was here' }), [HOSTILE]: 'a\n', [SPACED]: 'a\n' });
    await waitFor(
      async () => !(await conflictsOf(a)).some((x) => x.with === b && x.kind === 'conflict'),
      'a no longer conflicts with b',
    );
    expect((await conflictsOf(b)).filter((x) => x.with === a && x.kind === 'conflict')).toEqual([]);
  });

  it('a killed session leaves the others', async () => {
    const [a, , c] = ids as [string, string, string];
    expect((await d.api('POST', `/api/sessions/${c}/kill`, {})).status).toBe(200);
    await waitFor(async () => !(await conflictsOf(a)).some((x) => x.with === c), 'c gone from a');
    expect(await conflictsOf(c)).toEqual([]);
  });
});
