import { AoError, badRequest, conflict } from '@ao/shared/errors';
import type { Lesson, LessonState } from '@ao/shared/lessons';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/open-db';
import { lessons } from '../../db/schema';
import type { EventBus } from '../../events/event-bus';

type Row = typeof lessons.$inferSelect;

export interface NewLesson {
  project: string;
  text: string;
  source: Lesson['source'];
  sessionId?: string | null;
  reason?: string | null;
}

const toLesson = (r: Row): Lesson => ({
  id: r.id,
  project: r.projectId,
  text: r.text,
  proposedText: r.proposedText,
  state: r.state as LessonState,
  source: r.source as Lesson['source'],
  sessionId: r.sessionId,
  reason: r.reason,
  createdAt: r.createdAt,
  decidedAt: r.decidedAt,
  decidedBy: r.decidedBy,
});

/**
 * Lessons per project and their decisions. Each change is written with its event (`lesson.proposed`,
 * `lesson.decided`) in one transaction; a lesson is decided once (a second decision is a conflict).
 */
export class LessonStore {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  /** A project's lessons, newest first: open and accepted ones, or all of them (rejected too). */
  list(opts: { project?: string; all?: boolean }): Lesson[] {
    const where = and(
      opts.project ? eq(lessons.projectId, opts.project) : undefined,
      opts.all ? undefined : sql`${lessons.state} <> 'rejected'`,
    );
    return this.db.select().from(lessons).where(where).orderBy(desc(lessons.id)).all().map(toLesson);
  }

  get(id: number): Lesson {
    const row = this.db.select().from(lessons).where(eq(lessons.id, id)).get();
    if (!row) throw new AoError('not_found', `no lesson ${id}`);
    return toLesson(row);
  }

  /** Accepted lessons of a project, newest decision first. */
  accepted(project: string): Lesson[] {
    return this.db
      .select()
      .from(lessons)
      .where(and(eq(lessons.projectId, project), eq(lessons.state, 'accepted')))
      .orderBy(desc(lessons.decidedAt), desc(lessons.id))
      .all()
      .map(toLesson);
  }

  /** Whether the project already has a lesson with this text (any state: a rejected one is not proposed again). */
  has(project: string, text: string): boolean {
    const t = text.trim().toLowerCase();
    return (
      this.db
        .select({ id: lessons.id })
        .from(lessons)
        .where(
          and(
            eq(lessons.projectId, project),
            sql`(lower(${lessons.text}) = ${t} OR lower(${lessons.proposedText}) = ${t})`,
          ),
        )
        .get() !== undefined
    );
  }

  /** Records a proposal (state `proposed`), or a lesson the human wrote (`accepted` by them at once). */
  create(l: NewLesson, accepted?: { by: string }): Lesson {
    const at = new Date().toISOString();
    return this.bus.transaction((tx, emit) => {
      const row = tx
        .insert(lessons)
        .values({
          projectId: l.project,
          text: l.text,
          proposedText: l.text,
          state: accepted ? 'accepted' : 'proposed',
          source: l.source,
          sessionId: l.sessionId ?? null,
          reason: l.reason ?? null,
          createdAt: at,
          decidedAt: accepted ? at : null,
          decidedBy: accepted?.by ?? null,
        })
        .returning()
        .get();
      const lesson = toLesson(row);
      emit('lesson.proposed', { lesson });
      if (accepted) emit('lesson.decided', { lesson });
      return lesson;
    });
  }

  /** Accepts (with the text maybe edited) or rejects a proposed lesson; a second decision is a 409. */
  decide(id: number, decision: 'accepted' | 'rejected', opts: { text?: string; by: string }): Lesson {
    if (decision === 'rejected' && opts.text !== undefined)
      throw badRequest('text: only an accepted lesson takes an edited text', 'text');
    const at = new Date().toISOString();
    return this.bus.transaction((tx, emit) => {
      const current = this.get(id);
      if (current.state !== 'proposed')
        throw conflict(
          `lesson ${id} was already ${current.state} (${current.decidedAt ?? ''} by ${current.decidedBy})`,
        );
      const row = tx
        .update(lessons)
        .set({ state: decision, text: opts.text ?? current.text, decidedAt: at, decidedBy: opts.by })
        .where(and(eq(lessons.id, id), eq(lessons.state, 'proposed')))
        .returning()
        .get();
      if (!row) throw conflict(`lesson ${id} was decided meanwhile`);
      const lesson = toLesson(row);
      emit('lesson.decided', { lesson });
      return lesson;
    });
  }
}
