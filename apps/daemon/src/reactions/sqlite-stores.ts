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
  private readonly bySession;

  constructor(private readonly db: SyncDb<S>) {
    this.bySession = db
      .select()
      .from(reactionIncidents)
      .where(eq(reactionIncidents.sessionId, sql.placeholder('sessionId')))
      .prepare();
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
    return this.byKind.all({ sessionId, kind }).map(toIncident);
  }

  /**
   * The incidents of one session, read in one query (an evaluation asks for every reaction kind; a fleet of 500 idle
   * sessions is evaluated on every tick), written through. For one evaluation, inside its transaction.
   */
  ofSession(sessionId: string): IncidentStore {
    const cached = new Map<string, Incident>();
    for (const inc of this.bySession.all({ sessionId }).map(toIncident)) cached.set(incidentKey(inc), inc);
    return {
      list: (id, kind) =>
        id === sessionId
          ? [...cached.values()].filter((i) => i.kind === kind).map((i) => ({ ...i, sent: [...i.sent] }))
          : this.list(id, kind),
      put: (incident) => {
        this.put(incident);
        if (incident.sessionId === sessionId)
          cached.set(incidentKey(incident), { ...incident, sent: [...incident.sent] });
      },
    };
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

type IncidentRow = typeof reactionIncidents.$inferSelect;
const toIncident = (r: IncidentRow): Incident => ({ ...r, kind: r.kind as ReactionKind, sent: [...r.sent] });
const incidentKey = (i: Incident) => `${i.kind}\u0000${i.key}`;

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
