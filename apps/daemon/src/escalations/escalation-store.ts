import { type EscalationAction, escalationActionSchema } from '@ao/shared/escalations';
import type { Escalation } from '@ao/shared/events-mcp';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { escalations } from '../db/schema';
import type { EventBus } from '../events/event-bus';

type Row = typeof escalations.$inferSelect;

/** What raising an escalation takes. */
export type NewEscalation = Pick<
  Escalation,
  'sessionId' | 'project' | 'summary' | 'recommendation' | 'source'
> & {
  action: EscalationAction | null;
};

/** A stored action that no longer parses (written by an older ao) is shown as none rather than failing the list. */
function actionOf(json: string | null): EscalationAction | null {
  if (!json) return null;
  try {
    const r = escalationActionSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function toEscalation(r: Row): Escalation {
  return {
    id: r.id,
    sessionId: r.sessionId,
    project: r.projectId,
    summary: r.summary,
    recommendation: r.recommendation,
    source: r.source,
    createdAt: r.createdAt,
    action: actionOf(r.action),
    error: r.error,
    resolution:
      r.resolvedAt && r.decision
        ? {
            decision: r.decision as 'accept' | 'reject' | 'answer',
            text: r.answer,
            resolvedAt: r.resolvedAt,
            resolvedBy: r.resolvedBy ?? 'human',
            outcome: r.outcome,
            deliveredToOrchestrator: r.deliveredToOrchestrator ?? false,
          }
        : null,
  };
}

/** Escalations in SQLite, each change written with its event in one transaction (`escalation.*`). */
export class EscalationStore {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  create(input: NewEscalation): Escalation {
    const createdAt = new Date().toISOString();
    return this.bus.transaction((tx, emit) => {
      const row = tx
        .insert(escalations)
        .values({
          sessionId: input.sessionId,
          projectId: input.project,
          summary: input.summary,
          recommendation: input.recommendation,
          source: input.source,
          action: input.action ? JSON.stringify(input.action) : null,
          createdAt,
        })
        .returning()
        .get();
      const escalation = toEscalation(row);
      emit('escalation.created', { sessionId: input.sessionId, escalation });
      return escalation;
    });
  }

  find(id: number): Escalation | null {
    const row = this.db.select().from(escalations).where(eq(escalations.id, id)).get();
    return row ? toEscalation(row) : null;
  }

  /** Newest first; `open` only the unresolved ones. */
  list(state: 'open' | 'all', limit = 100): Escalation[] {
    const q = this.db.select().from(escalations);
    const rows = (state === 'open' ? q.where(isNull(escalations.resolvedAt)) : q)
      .orderBy(desc(escalations.id))
      .limit(limit)
      .all();
    return rows.map(toEscalation);
  }

  /** Records how it was settled, unless it already was (then null: the caller answers 409). */
  resolve(id: number, r: NonNullable<Escalation['resolution']>): Escalation | null {
    return this.bus.transaction((tx, emit) => {
      const row = tx
        .update(escalations)
        .set({
          resolvedAt: r.resolvedAt,
          decision: r.decision,
          answer: r.text,
          resolvedBy: r.resolvedBy,
          outcome: r.outcome,
          deliveredToOrchestrator: r.deliveredToOrchestrator,
          error: null,
        })
        .where(and(eq(escalations.id, id), isNull(escalations.resolvedAt)))
        .returning()
        .get();
      if (!row) return null;
      const escalation = toEscalation(row);
      emit('escalation.resolved', { sessionId: row.sessionId, escalation });
      return escalation;
    });
  }

  /** Records that carrying out its action failed; it stays open. */
  fail(id: number, error: string): Escalation | null {
    return this.bus.transaction((tx, emit) => {
      const row = tx
        .update(escalations)
        .set({ error })
        .where(and(eq(escalations.id, id), isNull(escalations.resolvedAt)))
        .returning()
        .get();
      if (!row) return null;
      const escalation = toEscalation(row);
      emit('escalation.failed', { sessionId: row.sessionId, escalation });
      return escalation;
    });
  }
}
