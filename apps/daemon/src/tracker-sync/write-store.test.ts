import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/open-db';
import { MAX_ATTEMPTS, TrackerWriteStore, type WriteKey } from './write-store';

describe('TrackerWriteStore: the durable record of writes on issues', () => {
  const dirs: string[] = [];
  const open = (dir = mkdtempSync(join(tmpdir(), 'ao-writes-'))) => {
    dirs.push(dir);
    const db = openDb(join(dir, 'ao.db'));
    return { dir, db, store: new TrackerWriteStore(db) };
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const key: WriteKey = { sessionId: 'demo-1', issue: 'ENG-1', kind: 'comment_pr', target: '12' };

  it('a write is tried until recorded done, then never again, also after the database is reopened', () => {
    const { dir, db, store } = open();
    expect(store.shouldTry(key)).toBe(true);
    store.recordDone(key);
    store.recordDone(key); // a second record is the same row
    expect(store.shouldTry(key)).toBe(false);
    expect(store.shouldTry({ ...key, target: '13' })).toBe(true);
    db.$client.close();
    const again = open(dir);
    expect(again.store.isDone(key)).toBe(true);
    expect(again.store.shouldTry(key)).toBe(false);
    again.db.$client.close();
  });

  it('failures are counted and bounded; a later success clears the error', () => {
    const { db, store } = open();
    for (let n = 1; n < MAX_ATTEMPTS; n++) expect(store.recordFailure(key, `boom ${n}`)).toBe(n);
    expect(store.shouldTry(key)).toBe(true);
    store.recordDone(key);
    expect(store.get(key)).toMatchObject({ error: null, attempts: MAX_ATTEMPTS - 1 });
    const other = { ...key, kind: 'in_progress', target: '-' };
    for (let n = 0; n < MAX_ATTEMPTS; n++) store.recordFailure(other, 'Linear is unavailable');
    expect(store.shouldTry(other)).toBe(false);
    expect(store.get(other)?.error).toBe('Linear is unavailable');
    db.$client.close();
  });
});
