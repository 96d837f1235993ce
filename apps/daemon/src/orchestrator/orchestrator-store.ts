import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { orchestrators } from '../db/schema';
import type { Trigger } from './trigger';

export type OrchestratorRow = typeof orchestrators.$inferSelect;

/** Most triggers kept waiting for one orchestrator (the digest shows the newest; older ones are counted). */
const MAX_PENDING = 200;

/** The `orchestrators` table: one row per orchestrator key (a project id, or `*`). */
export class OrchestratorStore {
  constructor(private readonly db: Db) {}

  get(key: string): OrchestratorRow | undefined {
    return this.db.select().from(orchestrators).where(eq(orchestrators.key, key)).get();
  }

  private upsert(key: string, patch: Partial<Omit<OrchestratorRow, 'key'>>): void {
    const updatedAt = new Date().toISOString();
    this.db
      .insert(orchestrators)
      .values({ key, ...patch, updatedAt })
      .onConflictDoUpdate({ target: orchestrators.key, set: { ...patch, updatedAt } })
      .run();
  }

  /** A new orchestrator session: its role is to be given again, and its day's token baseline starts at 0. */
  setSession(key: string, sessionId: string): void {
    this.upsert(key, { sessionId, stopped: false, roleGiven: false, day: null, tokensAtDayStart: 0 });
  }

  setStopped(key: string, stopped: boolean): void {
    this.upsert(key, { stopped });
  }

  pending(key: string): Trigger[] {
    const list = this.get(key)?.pending;
    return Array.isArray(list) ? (list as Trigger[]).slice() : [];
  }

  addPending(key: string, t: Trigger): number {
    const list = [...this.pending(key), t].slice(-MAX_PENDING);
    this.upsert(key, { pending: list });
    return list.length;
  }

  /** Takes every pending trigger (they are being delivered). */
  takePending(key: string): Trigger[] {
    const list = this.pending(key);
    if (list.length) this.upsert(key, { pending: [] });
    return list;
  }

  /** Puts triggers back in front (a delivery failed). */
  restorePending(key: string, list: readonly Trigger[]): void {
    this.upsert(key, { pending: [...list, ...this.pending(key)].slice(-MAX_PENDING) });
  }

  woke(key: string, at: string, roleGiven: boolean, briefing: boolean): void {
    this.upsert(key, { lastWakeAt: at, roleGiven, ...(briefing ? { lastBriefingAt: at } : {}) });
  }

  /** The tokens the session used today (UTC), from its running total; the day's baseline is kept here. */
  tokensToday(key: string, total: number, now: Date): number {
    const day = now.toISOString().slice(0, 10);
    const row = this.get(key);
    if (row?.day === day && total >= row.tokensAtDayStart) return total - row.tokensAtDayStart;
    // A new day (or a new session whose total restarted): today starts from here.
    const base = row?.day === null || row?.day === undefined ? 0 : total;
    this.upsert(key, { day, tokensAtDayStart: base });
    return total - base;
  }
}
