import { eq, lt } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { webhookDeliveries } from '../db/schema-github';
import type { DeliveryLog } from './delivery-log';

/** DeliveryLog over `webhook_deliveries`. */
export class SqliteDeliveryLog<S extends Record<string, unknown>> implements DeliveryLog {
  constructor(private readonly db: BaseSQLiteDatabase<'sync', unknown, S>) {}

  seen(id: string): boolean {
    const row = this.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, id))
      .get();
    return row !== undefined;
  }

  record(id: string, event: string, at: string): void {
    this.db.insert(webhookDeliveries).values({ id, event, receivedAt: at }).onConflictDoNothing().run();
  }

  /** Drops ids received before `before` (ISO). GitHub redelivers within days; keep a few weeks. */
  prune(before: string): number {
    const result = this.db.delete(webhookDeliveries).where(lt(webhookDeliveries.receivedAt, before)).run();
    return (result as { changes?: number }).changes ?? 0;
  }
}
