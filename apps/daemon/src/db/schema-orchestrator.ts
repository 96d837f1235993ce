import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per orchestrator (key: a project id, or `*` for scope `all`): its session, the triggers waiting for it to be
 * idle (coalesced into one digest), whether its role was given yet, and its token baseline for the current UTC day.
 */
export const orchestrators = sqliteTable('orchestrators', {
  key: text('key').primaryKey(),
  sessionId: text('session_id'),
  /** Triggers not yet delivered (JSON array), so a restart loses none. */
  pending: text('pending', { mode: 'json' }).notNull().default([]),
  roleGiven: integer('role_given', { mode: 'boolean' }).notNull().default(false),
  /** `YYYY-MM-DD` (UTC) and the session's token total when that day began for it. */
  day: text('day'),
  tokensAtDayStart: integer('tokens_at_day_start').notNull().default(0),
  /** Stopped by the user (`ao orchestrator stop`): not started again by `ao up` until `ao orchestrator start`. */
  stopped: integer('stopped', { mode: 'boolean' }).notNull().default(false),
  lastWakeAt: text('last_wake_at'),
  lastBriefingAt: text('last_briefing_at'),
  updatedAt: text('updated_at').notNull(),
});

/** Corrections the orchestrator sent a worker that drifted from its task (`correct_drift`), for the per-session cap. */
export const driftCorrections = sqliteTable('drift_corrections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sessionId: text('session_id').notNull(),
  text: text('text').notNull(),
  createdAt: text('created_at').notNull(),
});
