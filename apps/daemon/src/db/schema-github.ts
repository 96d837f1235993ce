import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Tables for GitHub webhooks, durable reactions and sent notifications. */

/**
 * Every verified `X-GitHub-Delivery`, stored with the normalized fact it carries in the same transaction as its id:
 * a delivery counts once, and one received but not yet processed (`processedAt` null) is processed after a restart.
 * `seq` orders processing.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    event: text('event').notNull(),
    receivedAt: text('received_at').notNull(),
    seq: integer('seq'),
    /** The normalized fact (WebhookFact) to process; null for deliveries recorded before facts were kept. */
    fact: text('fact', { mode: 'json' }),
    processedAt: text('processed_at'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
  },
  (t) => [
    index('webhook_deliveries_received_idx').on(t.receivedAt),
    index('webhook_deliveries_pending_idx').on(t.processedAt, t.seq),
  ],
);

/** One row per (session, reaction kind, key = head sha / activity episode): the IncidentStore. */
export const reactionIncidents = sqliteTable(
  'reaction_incidents',
  {
    /** A session id, or `project:<id>` for all_complete (so no foreign key). */
    sessionId: text('session_id').notNull(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    attempts: integer('attempts').notNull().default(0),
    firstFiredAt: text('first_fired_at'),
    lastFiredAt: text('last_fired_at'),
    escalated: integer('escalated', { mode: 'boolean' }).notNull().default(false),
    escalatedAt: text('escalated_at'),
    resolvedAt: text('resolved_at'),
    /** JSON array of item fingerprints already sent (failed checks, review comments). */
    sent: text('sent', { mode: 'json' }).$type<string[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.kind, t.key] })],
);

/** (notification id, channel) pairs delivered, so the router never sends one twice (NotificationLog). */
export const notificationsSent = sqliteTable(
  'notifications_sent',
  {
    id: text('id').notNull(),
    channel: text('channel').notNull(),
    sentAt: text('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.channel] })],
);

/**
 * Writes ao did on a tracker's issue (tracker-sync/): one row per (session, issue, kind, target), recorded after the
 * write succeeded, so a write is done once across restarts. `attempts` counts failures (bounded retries).
 */
export const trackerWrites = sqliteTable(
  'tracker_writes',
  {
    sessionId: text('session_id').notNull(),
    issue: text('issue').notNull(),
    kind: text('kind').notNull(),
    target: text('target').notNull(),
    doneAt: text('done_at'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
  },
  (t) => [uniqueIndex('tracker_writes_key_idx').on(t.sessionId, t.issue, t.kind, t.target)],
);
