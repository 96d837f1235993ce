import type { OrchestratorConfig } from '@ao/shared/config-orchestrator';
import type { Db } from '../db/open-db';

const HOUR_MS = 3_600_000;

export interface BudgetState {
  wakesLastHour: number;
  tokensToday: number;
  /** Why no wake may happen now, or null. */
  spent: string | null;
}

/** Wakes per hour, remembered per orchestrator key (seeded from the `orchestrator.woken` events at boot). */
export class WakeLog {
  private readonly times = new Map<string, number[]>();

  constructor(db: Db, now = Date.now()) {
    const rows = db.$client
      .prepare(
        `SELECT at, json_extract(data, '$.key') AS key FROM events WHERE type = 'orchestrator.woken'
         ORDER BY id DESC LIMIT 1000`,
      )
      .all() as Array<{ at: string; key: string }>;
    for (const r of rows.reverse()) {
      const t = Date.parse(r.at);
      if (now - t < HOUR_MS) this.add(r.key, t);
    }
  }

  add(key: string, at: number): void {
    const list = this.times.get(key) ?? [];
    list.push(at);
    this.times.set(key, list);
  }

  lastHour(key: string, now = Date.now()): number {
    const list = (this.times.get(key) ?? []).filter((t) => now - t < HOUR_MS);
    this.times.set(key, list);
    return list.length;
  }
}

/** Whether the orchestrator may be woken: wakes this hour and tokens today against the configured budgets. */
export function budgetState(
  config: OrchestratorConfig,
  wakesLastHour: number,
  tokensToday: number,
): BudgetState {
  let spent: string | null = null;
  if (wakesLastHour >= config.wakes.maxPerHour)
    spent = `wake budget spent: ${wakesLastHour} wakes in the last hour (orchestrator.wakes.maxPerHour ${config.wakes.maxPerHour})`;
  else if (config.budget.tokensPerDay > 0 && tokensToday >= config.budget.tokensPerDay)
    spent = `token budget spent: ${tokensToday} tokens today (orchestrator.budget.tokensPerDay ${config.budget.tokensPerDay})`;
  return { wakesLastHour, tokensToday, spent };
}
