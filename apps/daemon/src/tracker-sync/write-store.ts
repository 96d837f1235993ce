import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { trackerWrites } from '../db/schema-github';

/** One write ao does on an issue: `kind` (in_progress, done, comment_pr, comment_escalation) and its `target` (the PR
 *  number, the escalated reaction, or `-`). */
export interface WriteKey {
  sessionId: string;
  /** The issue's key (`ENG-42`) or `#42`. */
  issue: string;
  kind: string;
  target: string;
}

/** Failed attempts of one write after which ao stops trying (each later trigger would try again otherwise). */
export const MAX_ATTEMPTS = 5;

/**
 * The durable record of tracker writes (`tracker_writes`): a write is recorded after it succeeded; before writing,
 * the caller asks `shouldTry` (not done, and fewer than MAX_ATTEMPTS failures).
 */
export class TrackerWriteStore {
  private readonly one;

  constructor(private readonly db: Db) {
    this.one = db
      .select()
      .from(trackerWrites)
      .where(
        and(
          eq(trackerWrites.sessionId, sql.placeholder('sessionId')),
          eq(trackerWrites.issue, sql.placeholder('issue')),
          eq(trackerWrites.kind, sql.placeholder('kind')),
          eq(trackerWrites.target, sql.placeholder('target')),
        ),
      )
      .prepare();
  }

  get(k: WriteKey) {
    return this.one.get({ ...k });
  }

  isDone(k: WriteKey): boolean {
    return Boolean(this.get(k)?.doneAt);
  }

  shouldTry(k: WriteKey): boolean {
    const row = this.get(k);
    return !row || (!row.doneAt && row.attempts < MAX_ATTEMPTS);
  }

  recordDone(k: WriteKey): void {
    const doneAt = new Date().toISOString();
    this.db
      .insert(trackerWrites)
      .values({ ...k, doneAt })
      .onConflictDoUpdate({
        target: [trackerWrites.sessionId, trackerWrites.issue, trackerWrites.kind, trackerWrites.target],
        set: { doneAt, error: null },
      })
      .run();
  }

  /** Counts a failed attempt; returns the attempts so far. */
  recordFailure(k: WriteKey, error: string): number {
    this.db
      .insert(trackerWrites)
      .values({ ...k, attempts: 1, error: error.slice(0, 500) })
      .onConflictDoUpdate({
        target: [trackerWrites.sessionId, trackerWrites.issue, trackerWrites.kind, trackerWrites.target],
        set: { attempts: sql`${trackerWrites.attempts} + 1`, error: error.slice(0, 500) },
      })
      .run();
    return this.get(k)?.attempts ?? 0;
  }
}
