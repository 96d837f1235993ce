import type { ReactionKind } from '@ao/shared/config-reactions';
import { and, eq, sql } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { notificationsSent, reactionIncidents } from '../db/schema-github';
import type { NotificationLog } from './notification-router';
import type { Incident, IncidentStore } from './types';

/** Any synchronous drizzle SQLite database (better-sqlite3), whatever its schema. */
export type SyncDb<S extends Record<string, unknown> = Record<string, unknown>> = BaseSQLiteDatabase<
  'sync',
  unknown,
  S
>;

/**
 * IncidentStore over `reaction_incidents`. Synchronous: call `evaluate` inside a transaction of the same database
 * (better-sqlite3 has one connection: statements of `db` run inside a transaction opened on it). Keep one store per
 * database: its read, which every evaluation makes once per reaction kind (on every activity change, and for every
 * active session on the timer), is prepared once.
 */
export class SqliteIncidentStore<S extends Record<string, unknown>> implements IncidentStore {
  private readonly byKind;

  constructor(private readonly db: SyncDb<S>) {
    this.byKind = db
      .select()
      .from(reactionIncidents)
      .where(
        and(
          eq(reactionIncidents.sessionId, sql.placeholder('sessionId')),
          eq(reactionIncidents.kind, sql.placeholder('kind')),
        ),
      )
      .prepare();
  }

  list(sessionId: string, kind: ReactionKind): Incident[] {
    const rows = this.byKind.all({ sessionId, kind });
    return rows.map((r) => ({ ...r, kind: r.kind as ReactionKind, sent: [...r.sent] }));
  }

  put(incident: Incident): void {
    const { sessionId, kind, key, ...rest } = incident;
    this.db
      .insert(reactionIncidents)
      .values(incident)
      .onConflictDoUpdate({
        target: [reactionIncidents.sessionId, reactionIncidents.kind, reactionIncidents.key],
        set: rest,
      })
      .run();
  }

  /** Forgets a session's incidents (when the session row is deleted). */
  deleteSession(sessionId: string): void {
    this.db.delete(reactionIncidents).where(eq(reactionIncidents.sessionId, sessionId)).run();
  }
}

/** NotificationLog over `notifications_sent`. */
export class SqliteNotificationLog<S extends Record<string, unknown>> implements NotificationLog {
  constructor(private readonly db: SyncDb<S>) {}

  has(id: string, channel: string): boolean {
    const row = this.db
      .select({ id: notificationsSent.id })
      .from(notificationsSent)
      .where(and(eq(notificationsSent.id, id), eq(notificationsSent.channel, channel)))
      .get();
    return row !== undefined;
  }

  add(id: string, channel: string, at: string): void {
    this.db.insert(notificationsSent).values({ id, channel, sentAt: at }).onConflictDoNothing().run();
  }
}
