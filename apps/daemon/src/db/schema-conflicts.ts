import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per predicted conflict a session was told or notified about, keyed by the session, the other side and a
 * hash of (kind, files): the same conflict is acted on once, across restarts; a changed file set is a new one.
 */
export const conflictNotices = sqliteTable(
  'conflict_notices',
  {
    sessionId: text('session_id').notNull(),
    key: text('key').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.key] })],
);
