import type Database from 'better-sqlite3';
import type { Db } from '../db/open-db';
import type { DeliveryLog } from './delivery-log';
import type { WebhookFact } from './normalize';

export interface PendingDelivery {
  id: string;
  fact: WebhookFact;
  attempts: number;
}

/**
 * `webhook_deliveries` as a durable queue: a verified delivery is recorded with its fact in one statement (its id
 * and what it caused are never apart), processed in order of arrival, and marked processed only after its work is
 * done, so deliveries received before a crash are processed after the restart.
 */
export class WebhookInbox implements DeliveryLog {
  private readonly insert: Database.Statement;
  private readonly pendingQuery: Database.Statement;
  private readonly finish: Database.Statement;
  private readonly fail: Database.Statement;
  private readonly pruneQuery: Database.Statement;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.insert = sqlite.prepare(
      `INSERT INTO webhook_deliveries (id, event, received_at, fact, seq)
       VALUES (?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM webhook_deliveries))
       ON CONFLICT(id) DO NOTHING`,
    );
    this.pendingQuery = sqlite.prepare(
      `SELECT id, fact, attempts FROM webhook_deliveries
       WHERE processed_at IS NULL AND fact IS NOT NULL ORDER BY seq LIMIT ?`,
    );
    this.finish = sqlite.prepare('UPDATE webhook_deliveries SET processed_at = ?, error = NULL WHERE id = ?');
    this.fail = sqlite.prepare(
      'UPDATE webhook_deliveries SET attempts = attempts + 1, error = ? WHERE id = ?',
    );
    this.pruneQuery = sqlite.prepare(
      'DELETE FROM webhook_deliveries WHERE processed_at IS NOT NULL AND received_at < ?',
    );
  }

  accept(id: string, event: string, fact: WebhookFact, at: string): boolean {
    return this.insert.run(id, event, at, JSON.stringify(fact)).changes === 1;
  }

  /** Deliveries not yet processed, oldest first. */
  pending(limit = 500): PendingDelivery[] {
    return (this.pendingQuery.all(limit) as Array<{ id: string; fact: string; attempts: number }>).map(
      (r) => ({
        id: r.id,
        fact: JSON.parse(r.fact) as WebhookFact,
        attempts: r.attempts,
      }),
    );
  }

  processed(id: string, at = new Date().toISOString()): void {
    this.finish.run(at, id);
  }

  /** The work failed: counted, kept pending for the next attempt. */
  failed(id: string, error: string): void {
    this.fail.run(error.slice(0, 2000), id);
  }

  /** Forgets processed deliveries received before `before` (GitHub redelivers within days; keep weeks). */
  prune(before: string): number {
    return this.pruneQuery.run(before).changes;
  }
}
