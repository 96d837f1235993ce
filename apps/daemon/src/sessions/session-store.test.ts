import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/open-db';
import { projects } from '../db/schema';
import { EventBus } from '../events/event-bus';
import type { SessionRow } from './session-row';
import { SessionStore } from './session-store';

describe('SessionStore: the rows kept between writes', () => {
  let dir: string;
  let db: ReturnType<typeof openDb>;
  let bus: EventBus;
  let store: SessionStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ao-session-store-'));
    db = openDb(join(dir, 'ao.db'));
    const now = new Date().toISOString();
    db.insert(projects)
      .values({ id: 'p', name: 'p', configPath: '/x', repoPath: '/x', createdAt: now, updatedAt: now })
      .run();
    bus = new EventBus(db);
    store = new SessionStore(db, bus);
    for (const id of ['p-1', 'p-2']) store.insert(row(id, now));
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('find and list serve the rows read after the last write, and see every write', () => {
    expect(store.rows().map((r) => r.id)).toEqual(['p-1', 'p-2']);
    expect(store.find('p-2')?.activity).toBe('idle');
    store.update('p-2', { activity: 'active' });
    expect(store.find('p-2')?.activity).toBe('active');
    expect(store.list().find((s) => s.id === 'p-2')?.activity).toBe('active');
    store.saveAgentState('p-1', { offset: 42 });
    expect(store.find('p-1')?.agentState).toEqual({ offset: 42 });
    expect(store.find('p-9')).toBeUndefined();
  });

  it('a write rolled back is never kept: reads inside a transaction bypass the kept rows', () => {
    store.rows(); // kept for this version
    expect(() =>
      bus.transaction(() => {
        store.update('p-1', { activity: 'active' });
        // read inside the transaction: sees the write, and must not keep it
        expect(store.find('p-1')?.activity).toBe('active');
        expect(store.rows().find((r) => r.id === 'p-1')?.activity).toBe('active');
        expect(store.list().find((s) => s.id === 'p-1')?.activity).toBe('active');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(store.find('p-1')?.activity).toBe('idle');
    expect(store.rows().find((r) => r.id === 'p-1')?.activity).toBe('idle');
    expect(store.list().find((s) => s.id === 'p-1')?.activity).toBe('idle');
  });
});

function row(id: string, now: string): SessionRow {
  return {
    id,
    projectId: 'p',
    status: 'running',
    activity: 'idle',
    branch: `b-${id}`,
    baseBranch: 'main',
    worktreePath: `/w/${id}`,
    worktreeRemoved: false,
    agent: 'a',
    runtime: 'r',
    workspace: 'w',
    hookSecret: 's',
    title: 't',
    createdAt: now,
    updatedAt: now,
  } as SessionRow;
}
