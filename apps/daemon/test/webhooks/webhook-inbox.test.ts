import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/open-db';
import { normalize, type WebhookFact, WebhookInbox } from '../../src/webhooks';

const fact = (id: string): WebhookFact =>
  normalize({
    id,
    event: 'ping',
    action: null,
    payload: { zen: 'z', repository: { full_name: 'acme/demo' } },
  });

describe('WebhookInbox: the durable queue of verified deliveries', () => {
  const dirs: string[] = [];
  const open = (dir = mkdtempSync(join(tmpdir(), 'ao-inbox-'))) => {
    dirs.push(dir);
    const db = openDb(join(dir, 'ao.db'));
    return { dir, db, inbox: new WebhookInbox(db) };
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('records a delivery with its fact once; a second delivery of the same id is refused and changes nothing', () => {
    const { db, inbox } = open();
    expect(inbox.accept('d-1', 'ping', fact('d-1'), '2026-11-01T00:00:00.000Z')).toBe(true);
    expect(inbox.accept('d-1', 'ping', fact('d-1'), '2026-11-02T00:00:00.000Z')).toBe(false);
    expect(inbox.pending().map((p) => [p.id, p.fact.deliveryId])).toEqual([['d-1', 'd-1']]);
    db.$client.close();
  });

  it('hands out pending deliveries in order of arrival and keeps them until processed, across a reopen', () => {
    const { dir, db, inbox } = open();
    for (const id of ['c', 'a', 'b']) inbox.accept(id, 'ping', fact(id), '2026-11-01T00:00:00.000Z');
    inbox.processed('a');
    inbox.failed('b', 'GitHub answered 502');
    db.$client.close();
    const again = open(dir);
    expect(again.inbox.pending().map((p) => [p.id, p.attempts])).toEqual([
      ['c', 0],
      ['b', 1],
    ]);
    again.db.$client.close();
  });

  it('prunes only processed deliveries older than the cut-off', () => {
    const { db, inbox } = open();
    inbox.accept('old-done', 'ping', fact('old-done'), '2026-10-01T00:00:00.000Z');
    inbox.accept('old-pending', 'ping', fact('old-pending'), '2026-10-01T00:00:00.000Z');
    inbox.accept('new-done', 'ping', fact('new-done'), '2026-11-20T00:00:00.000Z');
    inbox.processed('old-done');
    inbox.processed('new-done');
    expect(inbox.prune('2026-11-01T00:00:00.000Z')).toBe(1);
    expect(inbox.pending().map((p) => p.id)).toEqual(['old-pending']);
    expect(inbox.accept('new-done', 'ping', fact('new-done'), '2026-11-21T00:00:00.000Z')).toBe(false);
    db.$client.close();
  });
});
