import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateSQLiteDrizzleJson, generateSQLiteMigration } from 'drizzle-kit/api';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as githubSchema from '../../src/db/schema-github';
import { evaluate, type ReactionAction } from '../../src/reactions';
import { SqliteIncidentStore, SqliteNotificationLog } from '../../src/reactions/sqlite-stores';
import { at, config, failing, input, SHA_A, SHA_B, SHA_C } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'ao-sqlite-'));
const file = join(dir, 'ao.db');
let ddl: string[] = [];

beforeAll(async () => {
  ddl = await generateSQLiteMigration(
    await generateSQLiteDrizzleJson({}),
    await generateSQLiteDrizzleJson(githubSchema),
  );
  const sqlite = new Database(file);
  for (const stmt of ddl) sqlite.exec(stmt);
  sqlite.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the database file like the daemon does at boot. */
function open() {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  return { sqlite, db: drizzle(sqlite, { schema: githubSchema }) };
}

const types = (a: ReactionAction[]) => a.map((x) => x.type);

describe('SQLite stores', () => {
  it('keeps reaction budgets and sent items across a daemon restart', () => {
    const cfg = config({ ci_failed: { retries: 2, escalate_after: 'never' } });
    let { sqlite, db } = open();
    let store = new SqliteIncidentStore(db);
    const run = (sha: string, m: number) =>
      db.transaction(() => evaluate(input({ pr: failing(sha) }), store, cfg, at(m)));
    expect(types(run(SHA_A, 0))).toEqual(['send_to_agent']);
    expect(run(SHA_A, 1)).toEqual([]);
    sqlite.close();

    ({ sqlite, db } = open());
    store = new SqliteIncidentStore(db);
    expect(run(SHA_A, 2)).toEqual([]);
    expect(run(SHA_B, 3)).toMatchObject([{ type: 'send_to_agent', attempt: 2 }]);
    expect(types(run(SHA_C, 4))).toEqual(['escalate']);
    expect(run(SHA_C, 5)).toEqual([]);
    const rows = store.list('demo-1', 'ci_failed');
    expect(rows.map((r) => [r.key, r.attempts, r.escalated, r.sent])).toEqual([
      [SHA_A, 1, false, [`ci:${SHA_A}:test`]],
      [SHA_B, 1, false, [`ci:${SHA_B}:test`]],
      [SHA_C, 0, true, [`ci:${SHA_C}:test`]],
    ]);
    store.deleteSession('demo-1');
    expect(store.list('demo-1', 'ci_failed')).toEqual([]);
    sqlite.close();
  });

  it("a session's view (one read per evaluation) decides and stores exactly what the store does", () => {
    const cfg = config({ ci_failed: { retries: 2, escalate_after: 'never' } });
    const { sqlite, db } = open();
    const store = new SqliteIncidentStore(db);
    store.deleteSession('demo-1');
    const steps: Array<[string, number]> = [
      [SHA_A, 0],
      [SHA_A, 1],
      [SHA_B, 3],
      [SHA_C, 4],
      [SHA_C, 5],
    ];
    const runAll = (view: boolean) => {
      store.deleteSession('demo-1');
      const actions = steps.map(([sha, m]) =>
        db.transaction(() =>
          evaluate(input({ pr: failing(sha) }), view ? store.ofSession('demo-1') : store, cfg, at(m)),
        ),
      );
      return { actions, rows: store.list('demo-1', 'ci_failed') };
    };
    const plain = runAll(false);
    expect(plain.actions.map(types)).toEqual([['send_to_agent'], [], ['send_to_agent'], ['escalate'], []]);
    expect(runAll(true)).toEqual(plain);
    store.deleteSession('demo-1');
    sqlite.close();
  });

  it('rolls incident writes back with the transaction', () => {
    const { sqlite, db } = open();
    const store = new SqliteIncidentStore(db);
    expect(() =>
      db.transaction(() => {
        evaluate(input({ pr: failing('7'.repeat(40)) }), store, config(), at(0));
        throw new Error('the PR write failed');
      }),
    ).toThrow(/PR write failed/);
    expect(store.list('demo-1', 'ci_failed')).toEqual([]);
    sqlite.close();
  });

  it('remembers sent notifications', () => {
    const { sqlite, db } = open();
    const sent = new SqliteNotificationLog(db);
    sent.add('n-1', 'slack', '2026-11-20T00:00:00.000Z');
    sent.add('n-1', 'slack', '2026-11-20T00:00:01.000Z');
    expect([sent.has('n-1', 'slack'), sent.has('n-1', 'desktop')]).toEqual([true, false]);
    sqlite.close();
  });
});
