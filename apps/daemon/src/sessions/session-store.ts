import { AoError, sessionNotFound } from '@ao/shared/errors';
import type { Session, SessionStatus } from '@ao/shared/session';
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { projects, sessions } from '../db/schema';
import type { EventBus } from '../events/event-bus';
import { canMove } from './lifecycle';
import { type SessionRow, toSession } from './session-row';

export type SessionPatch = Partial<Omit<SessionRow, 'id' | 'projectId' | 'createdAt'>>;

/** Reads and writes session rows; every write stores its event in the same transaction. */
export class SessionStore {
  // Agents' signals make `find` + `update` the daemon's hottest path: both are prepared once, and so are the full
  // reads the timers and `GET /api/sessions` make.
  private readonly byId;
  private readonly all;
  private readonly ofProject;
  private readonly writeRow;
  /** Bumped by every write: the API view of every session is kept until the next one (`list`). */
  private version = 0;
  private view: { version: number; sessions: readonly Session[]; json?: string } | null = null;
  /** Every row, read once per version: the timers (reactions, GitHub, liveness) read the whole fleet each tick. */
  private allRows: { version: number; rows: readonly SessionRow[]; byId: Map<string, SessionRow> } | null =
    null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {
    this.byId = db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare();
    this.all = db.select().from(sessions).orderBy(asc(sessions.createdAt)).prepare();
    this.ofProject = db
      .select()
      .from(sessions)
      .where(eq(sessions.projectId, sql.placeholder('projectId')))
      .orderBy(asc(sessions.createdAt))
      .prepare();
    this.writeRow = rowWriter(db);
  }

  row(id: string): SessionRow {
    const row = this.find(id);
    if (!row) throw sessionNotFound(id);
    return row;
  }

  /** One row: from the rows read for this version when there are (the reactions' tick finds each one), else a read. */
  find(id: string): SessionRow | undefined {
    if (this.allRows?.version === this.version && this.outsideTransaction()) return this.allRows.byId.get(id);
    return this.byId.get({ id });
  }

  /**
   * The cached reads serve only outside a transaction: inside one they could see (and keep) a write that is then
   * rolled back.
   */
  private outsideTransaction(): boolean {
    return !this.db.$client.inTransaction;
  }

  get(id: string): Session {
    return toSession(this.row(id));
  }

  /** Every row (of a project), oldest first. The objects are shared until the next write: callers must not change them. */
  rows(projectId?: string): SessionRow[] {
    if (projectId !== undefined) return this.ofProject.all({ projectId });
    if (!this.outsideTransaction()) return this.all.all();
    if (this.allRows?.version !== this.version) {
      const rows = this.all.all();
      this.allRows = { version: this.version, rows, byId: new Map(rows.map((r) => [r.id, r])) };
    }
    return [...this.allRows.rows];
  }

  /**
   * Every session (of a project), as the API shows them, oldest first. Built from the database after a write and
   * kept until the next one (every write goes through this store): a fleet of 500 is listed without reading and
   * mapping 500 rows each time. The objects are shared: callers must not change them.
   */
  list(projectId?: string): Session[] {
    if (!this.outsideTransaction()) return this.rows(projectId).map(toSession); // not kept: see `outsideTransaction`
    if (this.view?.version !== this.version)
      this.view = { version: this.version, sessions: this.rows().map(toSession) };
    const all = this.view.sessions;
    return projectId === undefined ? [...all] : all.filter((s) => s.project === projectId);
  }

  /** Every session as JSON text (`list()` serialized), kept with the view: GET /api/sessions sends it as it is. */
  listJson(): string {
    this.list();
    const view = this.view as NonNullable<typeof this.view>;
    view.json ??= JSON.stringify(view.sessions);
    return view.json;
  }

  /** The id `nextId` would reserve now (nothing written). */
  peekId(projectId: string): string {
    const p = this.db
      .select({ next: projects.nextSeq })
      .from(projects)
      .where(eq(projects.id, projectId))
      .get();
    if (!p) throw new Error(`project ${projectId} vanished`);
    return `${projectId}-${p.next}`;
  }

  /** Reserves the next id of a project (`<project>-<n>`); numbers are never reused. */
  nextId(projectId: string): string {
    return this.bus.transaction((tx) => {
      const p = tx.select({ next: projects.nextSeq }).from(projects).where(eq(projects.id, projectId)).get();
      if (!p) throw new Error(`project ${projectId} vanished`);
      tx.update(projects)
        .set({ nextSeq: p.next + 1 })
        .where(eq(projects.id, projectId))
        .run();
      return `${projectId}-${p.next}`;
    });
  }

  insert(row: SessionRow): Session {
    this.version++;
    return this.bus.transaction((tx, emit) => {
      tx.insert(sessions).values(row).run();
      const session = toSession(row);
      emit('session.created', { session });
      return session;
    });
  }

  /**
   * Applies a patch and emits one event: status_changed when the status moved, activity when the activity moved,
   * updated otherwise. A patch that changes nothing emits nothing. A status move the lifecycle table does not allow
   * is refused (`illegal_transition`) and changes nothing.
   */
  update(
    id: string,
    patch: SessionPatch,
    opts: { event?: 'pr.updated' | 'session.conflicts' } = {},
  ): Session {
    return this.bus.transaction((_tx, emit) => {
      const before = this.find(id);
      if (!before) throw sessionNotFound(id);
      if (patch.status !== undefined) {
        const from = before.status as SessionStatus;
        const to = patch.status as SessionStatus;
        if (!canMove(from, to))
          throw new AoError('illegal_transition', `session ${id} cannot go from ${from} to ${to}`);
      }
      const changed = Object.entries(patch).some(
        ([k, v]) => JSON.stringify(before[k as keyof SessionRow]) !== JSON.stringify(v),
      );
      if (!changed) return toSession(before);
      const now = new Date().toISOString();
      const full = { ...patch, updatedAt: now };
      if (patch.activity !== undefined && patch.activity !== before.activity) full.activitySince = now;
      const after = { ...before, ...full };
      this.version++;
      this.writeRow(after);
      const session = toSession(after);
      if (after.status !== before.status) {
        emit('session.status_changed', {
          session,
          from: toSession(before).status,
          to: session.status,
          reason: after.statusReason,
        });
      } else if (after.activity !== before.activity && session.evidence) {
        emit('session.activity', {
          session,
          from: toSession(before).activity,
          to: session.activity,
          evidence: session.evidence,
        });
      } else if (opts.event) {
        emit(opts.event, { session });
      } else {
        emit('session.updated', { session });
      }
      return session;
    });
  }

  /** Keeps the agent watcher's own state (no event: nothing a client shows). */
  saveAgentState(id: string, state: Record<string, unknown>): void {
    this.version++; // the rows read last hold the state before this one
    this.db.update(sessions).set({ agentState: state }).where(eq(sessions.id, id)).run();
  }
}

/** `UPDATE sessions SET <every column> WHERE id = ?`, prepared once, values encoded by each drizzle column. */
function rowWriter(db: Db): (row: SessionRow) => void {
  const columns = Object.entries(getTableColumns(sessions)).filter(([key]) => key !== 'id');
  const statement = db.$client.prepare(
    `UPDATE sessions SET ${columns.map(([, c]) => `"${c.name}" = ?`).join(', ')} WHERE id = ?`,
  );
  return (row) => {
    const values = columns.map(([key, c]) => {
      const v = row[key as keyof SessionRow];
      return v === null || v === undefined ? null : c.mapToDriverValue(v);
    });
    statement.run(...values, row.id);
  };
}
