import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orchestratorConfigSchema } from '@ao/shared/config-orchestrator';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/open-db';
import { OrchestratorStore } from './orchestrator-store';
import { budgetState } from './wake-budget';

const config = orchestratorConfigSchema.parse({
  enabled: true,
  wakes: { maxPerHour: 3 },
  budget: { tokensPerDay: 1000 },
});

describe('budgetState', () => {
  it('is spent past the wakes of the hour or the tokens of the day, naming the key', () => {
    expect(budgetState(config, 2, 999).spent).toBeNull();
    expect(budgetState(config, 3, 0).spent).toMatch(/wake budget spent: 3 wakes .*maxPerHour 3/);
    expect(budgetState(config, 0, 1000).spent).toMatch(
      /token budget spent: 1000 tokens today .*tokensPerDay 1000/,
    );
    const unlimited = orchestratorConfigSchema.parse({ budget: { tokensPerDay: 0 } });
    expect(budgetState(unlimited, 0, 10 ** 9).spent).toBeNull();
  });
});

describe('OrchestratorStore.tokensToday', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ao-orch-budget-'));
  const db = openDb(join(dir, 'ao.db'));
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("counts a new session's tokens from 0, and each UTC day from where the day began", () => {
    const store = new OrchestratorStore(db);
    store.setSession('p', 'p-1');
    const day1 = new Date('2026-11-27T10:00:00Z');
    expect(store.tokensToday('p', 500, day1)).toBe(500);
    expect(store.tokensToday('p', 1200, day1)).toBe(1200);
    const day2 = new Date('2026-11-28T00:05:00Z');
    expect(store.tokensToday('p', 1300, day2)).toBe(0);
    expect(store.tokensToday('p', 1450, day2)).toBe(150);
    store.setSession('p', 'p-2'); // a new orchestrator session: its own total starts again
    expect(store.tokensToday('p', 40, day2)).toBe(40);
  });
});
