import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Tables for GitHub webhooks, durable reactions and sent notifications. The lead adds them to the drizzle schema
 * (`export * from './schema-github'` in schema.ts) and generates the migration.
 */

/** Every verified `X-GitHub-Delivery` id, so a delivery is processed once (DeliveryLog). */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    event: text('event').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [index('webhook_deliveries_received_idx').on(t.receivedAt)],
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
