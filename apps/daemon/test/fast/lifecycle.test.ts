import type { Message, Session } from '@ao/shared/session';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorLogs, type FastDaemon, startFast } from './harness';

type Err = { error: { code: string; message: string; field?: string } };

describe('session lifecycle through the API (fake runtime and agent)', () => {
  let d: FastDaemon;
  beforeAll(async () => {
    d = await startFast();
  });
  afterAll(async () => {
    expect(errorLogs(d)).toEqual([]);
    await d.close();
  });
  const messages = async (id: string) =>
    (await d.inject<{ messages: Message[] }>('GET', `/api/sessions/${id}/messages`)).body.messages;

  it('spawn → starting → the first prompt taken → working → idle', async () => {
    const spawned = await d.spawn({ prompt: 'Fix the login redirect' });
    expect(spawned).toMatchObject({
      status: 'running',
      activity: 'starting',
      agent: 'fake',
      runtime: 'fake',
    });
    expect(spawned.branch).toBe(`ao/${spawned.id}-fix-the-login-redirect`);
    expect(d.runtime.get(spawned.id).opts.command).toEqual([
      'fake-agent',
      '--session',
      spawned.id,
      'Fix the login redirect',
    ]);
    expect(d.workspace.trees.get(spawned.worktreePath)?.opts.branch).toBe(spawned.branch);
    expect(await messages(spawned.id)).toMatchObject([
      { kind: 'prompt', text: 'Fix the login redirect', state: 'sending' },
    ]);

    d.agent.turn(spawned.id, 'Fix the login redirect');
    const working = await d.get(spawned.id);
    expect(working).toMatchObject({ activity: 'working', lane: 'working' });
    expect(working.evidence).toMatchObject({ source: 'fake:working', confidence: 'high' });
    expect(working.lastActivityAt).not.toBeNull();
    expect(await messages(spawned.id)).toMatchObject([{ kind: 'prompt', state: 'delivered' }]);

    d.agent.idle(spawned.id);
    expect(await d.get(spawned.id)).toMatchObject({ activity: 'idle', lane: 'review' });
  });

  it('an idle signal before the first prompt is taken keeps the session starting (never "needs you")', async () => {
    const s = await d.spawn({ prompt: 'Add a test' });
    d.agent.idle(s.id, 'SessionStart: the agent is up');
    const after = await d.get(s.id);
    expect(after.activity).toBe('starting');
    expect(after.lane).toBe('working');
    d.agent.turn(s.id, 'Add a test');
    expect((await d.get(s.id)).activity).toBe('working');
    d.agent.idle(s.id);
    expect((await d.get(s.id)).activity).toBe('idle');
  });

  it('an exit the agent recognises is blocked with the one command that fixes it', async () => {
    const s = await d.spawn({ prompt: 'needs login' });
    d.agent.diagnose = ({ lastLines }) =>
      lastLines.some((l) => l.includes('Not logged in'))
        ? { detail: 'not logged in', fix: 'fake-agent login' }
        : null;
    try {
      d.runtime.print(s.id, 'Not logged in. Run fake-agent login.\n');
      d.runtime.exit(s.id, 2);
      const after = await d.until(async () => {
        const now = await d.get(s.id);
        return now.status === 'exited' ? now : null;
      }, 'exited');
      expect(after.activity).toBe('blocked');
      expect(after.statusReason).toBe('fake exited with code 2: not logged in. Fix: fake-agent login');
      expect(after.exit?.code).toBe(2);
    } finally {
      d.agent.diagnose = () => null;
    }
  });

  it('a runtime killed by a signal says so', async () => {
    const s = await d.spawn({ prompt: 'killed by oom' });
    d.runtime.exit(s.id, null, 'SIGKILL');
    const after = await d.until(async () => {
      const now = await d.get(s.id);
      return now.status === 'exited' ? now : null;
    }, 'exited');
    expect(after.exit).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect(after.statusReason).toBe('fake was killed by SIGKILL');
  });

  it('resync: the daemon asks the runtime about every session again and sees an exit whose event was lost', async () => {
    const s = await d.spawn({ prompt: 'silent exit' });
    const other = await d.spawn({ prompt: 'still alive' });
    d.runtime.exit(s.id, 137, null, { silent: true });
    expect((await d.get(s.id)).status).toBe('running'); // nothing pushed: the daemon cannot know yet
    d.runtime.resync();
    const after = await d.until(async () => {
      const now = await d.get(s.id);
      return now.status === 'exited' ? now : null;
    }, 'exited after the resync');
    expect(after.exit?.code).toBe(137);
    expect((await d.get(other.id)).status).toBe('running');
  });

  it('gone → runtime_lost, waiting messages dropped; restore brings it back resuming the conversation', async () => {
    const s = await d.spawn({ prompt: 'will vanish' });
    d.runtime.vanish(s.id);
    const lost = await d.until(async () => {
      const now = await d.get(s.id);
      return now.status === 'runtime_lost' ? now : null;
    }, 'runtime_lost');
    expect(lost).toMatchObject({ activity: 'exited', statusReason: 'the runtime session ended' });
    expect(await messages(s.id)).toMatchObject([{ kind: 'prompt', state: 'dropped' }]);

    const res = await d.inject<{ session: Session }>('POST', `/api/sessions/${s.id}/restore`);
    expect(res.status).toBe(200);
    expect(res.body.session).toMatchObject({ status: 'running', activity: 'starting' });
    expect(res.body.session.evidence).toMatchObject({ source: 'restore' });
    const launch = d.agent.launches.filter((l) => l.sessionId === s.id);
    expect(launch).toHaveLength(2);
    expect(launch[1]).toMatchObject({ prompt: null, resume: { agentSessionId: `fake-conv-${s.id}` } });
    expect(d.runtime.get(s.id).opts.command).toContain('--resume');
    await d.until(() => d.agent.watching(s.id), 'watched again');
    d.agent.working(s.id);
    expect((await d.get(s.id)).activity).toBe('working');

    const again = await d.inject<Err>('POST', `/api/sessions/${s.id}/restore`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('nothing to restore');
  });

  it('restore of an exited session kills its dead pane first; a done session cannot be restored', async () => {
    const s = await d.spawn({ prompt: 'exit then restore' });
    d.runtime.exit(s.id, 0);
    await d.until(async () => (await d.get(s.id)).status === 'exited', 'exited');
    const res = await d.inject<{ session: Session }>('POST', `/api/sessions/${s.id}/restore`);
    expect(res.status).toBe(200);
    expect(res.body.session.exit).toBeNull();
    expect(d.runtime.killed).toContain(s.id);
    expect(d.runtime.get(s.id).state).toEqual({ state: 'alive' });

    await d.sessions.finish(s.id, 'PR merged');
    expect(await d.get(s.id)).toMatchObject({ status: 'done', lane: 'done' });
    const done = await d.inject<Err>('POST', `/api/sessions/${s.id}/restore`);
    expect(done.status).toBe(409);
    expect(done.body.error.message).toContain('is done');
  });

  it('kill during spawn: the kill stands and no runtime session is left', async () => {
    const release = d.runtime.hold();
    const spawning = d.inject<Err>('POST', '/api/sessions', { prompt: 'killed while starting' });
    await d.until(() => d.runtime.waiting > 0, 'the spawn at the runtime');
    const listed = await d.inject<{ sessions: Session[] }>('GET', '/api/sessions');
    const row = listed.body.sessions.find((x) => x.prompt === 'killed while starting');
    expect(row?.status).toBe('spawning');
    const id = row?.id ?? '';
    const killed = await d.inject<{ session: Session }>('POST', `/api/sessions/${id}/kill`, {});
    expect(killed.status).toBe(200);
    expect(killed.body.session).toMatchObject({ status: 'killed', activity: 'exited' });
    release();
    const res = await spawning;
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict' });
    expect(res.body.error.message).toContain('killed while it started');
    expect(await d.get(id)).toMatchObject({ status: 'killed' });
    expect(d.runtime.sessions.has(id)).toBe(false);
    expect(d.runtime.killed).toContain(id);
    expect(await messages(id)).toEqual([]);
    expect(d.errors).toEqual([]); // a kill is no failure: nothing logged as an error
  });

  it('a spawn that fails in the runtime leaves the session failed with the reason', async () => {
    d.runtime.failNextSpawn = 'no such program: fake-agent';
    const res = await d.inject<Err>('POST', '/api/sessions', { prompt: 'cannot start' });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'runtime_error' });
    expect(res.body.error.message).toContain('no such program');
    const listed = await d.inject<{ sessions: Session[] }>('GET', '/api/sessions');
    const row = listed.body.sessions.find((x) => x.prompt === 'cannot start');
    expect(row).toMatchObject({
      status: 'failed',
      activity: 'exited',
      statusReason: 'no such program: fake-agent',
    });
    d.errors.length = 0;
  });

  it('kill with removeWorktree is refused (nothing changed) when the worktree has work, and allowed with force', async () => {
    const s = await d.spawn({ prompt: 'dirty work' });
    d.workspace.setDirty(s.worktreePath);
    d.workspace.setUnpushed(s.worktreePath, 2);
    const refused = await d.inject<Err>('POST', `/api/sessions/${s.id}/kill`, { removeWorktree: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('unsafe_worktree');
    expect(refused.body.error.message).toContain('uncommitted changes and 2 unpushed commit(s)');
    expect((await d.get(s.id)).status).toBe('running');
    expect(d.runtime.sessions.get(s.id)?.state).toEqual({ state: 'alive' });

    const forced = await d.inject<{ session: Session }>('POST', `/api/sessions/${s.id}/kill`, {
      removeWorktree: true,
      force: true,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.session.status).toBe('killed');
    expect(d.workspace.trees.has(s.worktreePath)).toBe(false);
    const restore = await d.inject<Err>('POST', `/api/sessions/${s.id}/restore`);
    expect(restore.status).toBe(409);
    expect(restore.body.error.message).toContain('worktree');
  });

  it('approve answers a permission prompt, and refuses a screen that shows another dialog', async () => {
    const s = await d.spawn({ prompt: 'needs approval' });
    d.agent.turn(s.id, 'needs approval');
    const early = await d.inject<Err>('POST', `/api/sessions/${s.id}/approve`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('not waiting for input (it is working)');

    d.agent.needsInput(s.id, 'a dialog');
    d.runtime.setScreen(s.id, 'Welcome back\n  Trust the files in this folder?\n  1. Yes  2. No\n');
    const refused = await d.inject<Err>('POST', `/api/sessions/${s.id}/approve`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('a dialog that is not a permission prompt');
    expect(refused.body.error.message).toContain('Trust the files in this folder?');
    expect(d.runtime.keys(s.id)).toEqual([]);

    d.runtime.setScreen(s.id, 'Bash(rm -rf build)\n  Allow this command?\n  1. Yes  2. No\n');
    const ok = await d.inject<{ session: Session }>('POST', `/api/sessions/${s.id}/approve`);
    expect(ok.status).toBe(200);
    expect(d.runtime.keys(s.id)).toEqual([['1', 'Enter']]);
  });

  it('hooks from the agent move the session (with its secret only)', async () => {
    const s = await d.spawn({ prompt: 'via hooks' });
    const secret = d.agent.launches.find((l) => l.sessionId === s.id)?.hookSecret ?? '';
    const hook = (body: unknown, key = secret) =>
      d.inject('POST', `/api/hooks/${s.id}`, body, { auth: false, headers: { 'x-ao-hook-secret': key } });
    expect((await hook({ event: 'prompt', text: 'via hooks' })).status).toBe(204);
    expect((await d.get(s.id)).activity).toBe('working');
    expect((await hook({ event: 'stop' }, 'wrong')).status).toBe(401);
    expect((await d.get(s.id)).activity).toBe('working');
    expect((await hook({ event: 'stop' })).status).toBe(204);
    expect((await d.get(s.id)).activity).toBe('idle');
    expect((await hook({ nonsense: [1, 2, 3] })).status).toBe(204);
    expect((await d.get(s.id)).activity).toBe('idle');
  });
});

describe('timed lifecycle rules (fake timers)', () => {
  let d: FastDaemon;
  beforeAll(async () => {
    d = await startFast();
  });
  afterAll(() => d.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  // The schema's minimum for sessions.firstPromptTimeoutSec is 10 s: vitest's fake timers make it instant. Only
  // setTimeout/clearTimeout are faked, so SQLite, promises and inject run as usual; the real daemon code decides.
  it('the first prompt not taken within sessions.firstPromptTimeoutSec: blocked, with the screen', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = await d.spawn({ prompt: 'never taken' });
    d.runtime.setScreen(s.id, 'fake-agent v1\n\n  Do you trust this folder? (y/n)\n');
    d.agent.idle(s.id, 'SessionStart');
    await vi.advanceTimersByTimeAsync(9_000);
    expect((await d.get(s.id)).activity).toBe('starting');
    await vi.advanceTimersByTimeAsync(1_000);
    const blocked = await d.until(async () => {
      const now = await d.get(s.id);
      return now.activity === 'blocked' ? now : null;
    }, 'blocked');
    expect(blocked.status).toBe('running');
    expect(blocked.lane).toBe('review');
    expect(blocked.evidence?.source).toBe('lifecycle');
    expect(blocked.evidence?.detail).toBe(
      'the agent has not taken its first prompt after 10 s; its screen: fake-agent v1 ⏎   Do you trust this folder? (y/n)',
    );
  });

  it('restored without a prompt and silent for 15 s: the agent is probed; what it says stands, else unknown', async () => {
    const s = await d.spawn({ prompt: 'to be restored' });
    d.agent.turn(s.id, 'to be restored');
    const t = await d.spawn({ prompt: 'to be restored too' });
    d.agent.turn(t.id, 'to be restored too');
    for (const id of [s.id, t.id]) {
      d.runtime.vanish(id);
      await d.until(async () => (await d.get(id)).status === 'runtime_lost', 'lost');
    }
    d.agent.probeResult = (ctx) =>
      ctx.sessionId === s.id
        ? {
            signal: {
              activity: 'idle',
              source: 'fake:probe',
              detail: 'status file: idle',
              confidence: 'high',
            },
          }
        : null;
    try {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      for (const id of [s.id, t.id]) {
        expect((await d.inject('POST', `/api/sessions/${id}/restore`)).status).toBe(200);
        await d.until(() => d.agent.watching(id), 'watched');
      }
      d.runtime.setScreen(t.id, 'fake-agent resumed\n> ');
      await vi.advanceTimersByTimeAsync(14_000);
      expect((await d.get(s.id)).activity).toBe('starting');
      await vi.advanceTimersByTimeAsync(1_000);
      const probed = await d.until(async () => {
        const now = await d.get(s.id);
        return now.activity !== 'starting' ? now : null;
      }, 'probed');
      expect(probed).toMatchObject({ activity: 'idle', evidence: { source: 'fake:probe' } });
      const unknown = await d.until(async () => {
        const now = await d.get(t.id);
        return now.activity !== 'starting' ? now : null;
      }, 'unknown');
      expect(unknown.activity).toBe('unknown');
      expect(unknown.evidence).toMatchObject({ source: 'lifecycle', confidence: 'low' });
      expect(unknown.evidence?.detail).toBe(
        'no signal from the agent since it started; its screen: fake-agent resumed ⏎ >',
      );
    } finally {
      d.agent.probeResult = null;
    }
  });

  it('a prompt taken in time is never shown blocked', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = await d.spawn({ prompt: 'taken in time' });
    d.agent.turn(s.id, 'taken in time');
    await vi.advanceTimersByTimeAsync(11_000);
    expect((await d.get(s.id)).activity).toBe('working');
  });
});
