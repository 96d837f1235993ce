import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/open-db';
import { projects, sessions } from '../db/schema';
import { EventBus } from '../events/event-bus';
import { Messages } from './messages';

describe('Messages: how far a message to an agent got', () => {
  let dir: string;
  let db: ReturnType<typeof openDb>;
  let m: Messages;
  const counts: Array<{ promptPending: boolean; queued: number }> = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ao-messages-'));
    db = openDb(join(dir, 'ao.db'));
    const now = new Date().toISOString();
    db.insert(projects)
      .values({ id: 'p', name: 'p', configPath: '/x', repoPath: '/x', createdAt: now, updatedAt: now })
      .run();
    db.insert(sessions)
      .values({
        id: 'p-1',
        projectId: 'p',
        status: 'running',
        activity: 'starting',
        branch: 'b',
        baseBranch: 'main',
        worktreePath: '/w',
        agent: 'a',
        runtime: 'r',
        workspace: 'w',
        hookSecret: 's',
        title: 't',
        createdAt: now,
        updatedAt: now,
      })
      .run();
    counts.length = 0;
    m = new Messages(db, new EventBus(db), (_id, c) => counts.push(c));
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a first prompt waits (promptPending) until a turn starts with it', () => {
    const prompt = m.create('p-1', 'prompt', 'Fix the flaky login test', 'sending');
    expect(counts.at(-1)).toEqual({ promptPending: true, queued: 0 });
    expect(m.onUserTurn('p-1', 'Fix the flaky login test', 'a turn started with it')?.id).toBe(prompt.id);
    expect(m.get(prompt.id)?.state).toBe('delivered');
    expect(counts.at(-1)).toEqual({ promptPending: false, queued: 0 });
  });

  it('queued while the agent is busy, delivered when its turn comes, and waiters learn both', async () => {
    const msg = m.create('p-1', 'message', 'also update the changelog', 'sending');
    const waited = m.wait(msg.id, 5_000);
    m.onQueued('p-1', 'also update the changelog');
    expect(await waited).toBe('queued');
    expect(counts.at(-1)).toEqual({ promptPending: false, queued: 1 });
    m.onUserTurn('p-1', 'also update the changelog', 'a turn started with it');
    expect(m.get(msg.id)?.state).toBe('delivered');
    expect(counts.at(-1)).toEqual({ promptPending: false, queued: 0 });
  });

  it('a queued message the agent discards is dropped, never lost; so is everything waiting when it ends', () => {
    const a = m.create('p-1', 'message', 'one', 'sending');
    const b = m.create('p-1', 'message', 'two', 'sending');
    m.onQueued('p-1', 'one');
    m.onDropped('p-1', ['one'], 'interrupted');
    expect(m.get(a.id)).toMatchObject({ state: 'dropped', detail: 'interrupted' });
    m.dropWaiting('p-1', 'the agent exited');
    expect(m.get(b.id)).toMatchObject({ state: 'dropped', detail: 'the agent exited' });
  });

  it('matches by the first 60 characters, whitespace folded; a first turn with other words still takes the prompt', () => {
    const long = `Implement the export\n\n${'x'.repeat(200)}`;
    const msg = m.create('p-1', 'message', long, 'sending');
    m.onUserTurn('p-1', `Implement the export ${'x'.repeat(50)}`, 'a turn started with it');
    expect(m.get(msg.id)?.state).toBe('delivered');
    const prompt = m.create('p-1', 'prompt', 'Work on issue #42: {{title}}', 'sending');
    m.onUserTurn('p-1', '/review the login flow', 'a turn started with it');
    expect(m.get(prompt.id)).toMatchObject({
      state: 'delivered',
      detail: expect.stringContaining('differs'),
    });
  });

  it('a message reported failed that arrives late is delivered after all', () => {
    const msg = m.create('p-1', 'message', 'late one', 'sending');
    m.set(msg.id, 'failed', 'no confirmation');
    m.onUserTurn('p-1', 'late one', 'a turn started with it');
    expect(m.get(msg.id)?.state).toBe('delivered');
  });
});
