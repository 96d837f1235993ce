import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open-db';
import { CheckStore, type Outcome } from './check-store';

const dir = mkdtempSync(join(tmpdir(), 'ao-checkstore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const outcome = (over: Partial<Outcome>): Outcome => ({
  repo: 'Acme/Demo',
  name: 'test',
  runKey: 'run:1',
  headSha: 'a'.repeat(40),
  branch: 'ao/1',
  prNumber: 1,
  onDefault: false,
  conclusion: 'failure',
  failed: true,
  checkRunId: 1,
  at: '2026-11-27T10:00:00.000Z',
  ...over,
});

describe('CheckStore (real SQLite)', () => {
  const db = openDb(join(dir, 'ao.db'));
  const store = new CheckStore(db);

  it('keeps an outcome once per run and attempt; names are data', () => {
    expect(store.record(outcome({}))).toBe(true);
    expect(store.record(outcome({}))).toBe(false);
    expect(store.record(outcome({ attempt: 2, at: '2026-11-27T10:01:00.000Z' }))).toBe(true);
    const hostile = "x'); DROP TABLE check_outcomes;--";
    expect(store.record(outcome({ name: hostile, runKey: 'run:9' }))).toBe(true);
    expect(store.historyOf('acme/demo', hostile).recent).toHaveLength(1);
    expect(store.historyOf('ACME/demo', 'test').recent.map((r) => r.at)).toEqual([
      '2026-11-27T10:01:00.000Z',
      '2026-11-27T10:00:00.000Z',
    ]);
  });

  it('reads the default branch apart, and prunes by age and by count', () => {
    store.record(
      outcome({ runKey: 'run:5', onDefault: true, branch: 'main', at: '2026-11-27T11:00:00.000Z' }),
    );
    expect(store.historyOf('acme/demo', 'test').onDefault).toHaveLength(1);
    expect(store.prune('2026-11-27T10:00:30.000Z')).toBe(2); // run 1 and the hostile one
    expect(store.pruneRepo('acme/demo', 1)).toBe(1);
    expect(store.historyOf('acme/demo', 'test').recent.map((r) => r.at)).toEqual([
      '2026-11-27T11:00:00.000Z',
    ]);
  });

  it('uses the indexes for the classify query', () => {
    const plan = db.$client
      .prepare(
        `EXPLAIN QUERY PLAN SELECT head_sha FROM check_outcomes WHERE repo = ? AND name = ? ORDER BY at DESC LIMIT 200`,
      )
      .all('acme/demo', 'test') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX check_outcomes_name_idx/);
  });
});
