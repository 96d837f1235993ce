import { conflict, notFound } from '@ao/shared/errors';
import type { Retro } from '@ao/shared/lessons';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open-db';
import { sessionOutcomes, sessionRetros } from '../../db/schema';
import type { LessonStore } from '../lessons/lesson-store';
import { type Proposal, proposeFromFacts } from './propose-from-facts';
import { retroFacts } from './retro-facts';

/**
 * Writes a finished session's retrospective once: its facts and at most one lesson proposed from them (never one the
 * project already has, in any state). When an orchestrator runs it is woken to add its reflection and at most one
 * lesson of its own (`record_reflection` → `reflect`).
 */
export class RetroWriter {
  private readonly inFlight = new Set<string>();
  /** Told of each retro written (the orchestrator is woken to reflect on it). */
  private onWritten: ((retro: Retro) => void) | null = null;

  setListener(listener: ((retro: Retro) => void) | null): void {
    this.onWritten = listener;
  }

  /**
   * The orchestrator's reflection on a finished session (`record_reflection`), once: stored on its retro, and its
   * lesson (if any, and new to the project) proposed with source `orchestrator` for the human to decide.
   */
  reflect(sessionId: string, reflection: string, lesson: Proposal | null): Retro {
    const retro = this.get(sessionId);
    if (!retro) throw notFound(`session ${sessionId} has no retrospective (it has not ended)`);
    if (retro.reflection !== null) throw conflict(`session ${sessionId} has its reflection already`);
    const created =
      lesson && !this.lessons.has(retro.project, lesson.text)
        ? this.lessons.create({ project: retro.project, ...lesson, source: 'orchestrator', sessionId })
        : null;
    this.db
      .update(sessionRetros)
      .set({ reflection, ...(created && retro.lessonId === null ? { lessonId: created.id } : {}) })
      .where(eq(sessionRetros.sessionId, sessionId))
      .run();
    return this.get(sessionId) as Retro;
  }

  constructor(
    private readonly db: Db,
    private readonly lessons: LessonStore,
  ) {}

  get(sessionId: string): Retro | null {
    const r = this.db.select().from(sessionRetros).where(eq(sessionRetros.sessionId, sessionId)).get();
    if (!r) return null;
    return {
      sessionId: r.sessionId,
      project: r.projectId,
      facts: JSON.parse(r.facts) as Retro['facts'],
      reflection: r.reflection,
      lessonId: r.lessonId,
      createdAt: r.createdAt,
    };
  }

  /** Called when a session may have ended: writes its retro if it has ended and has none yet. */
  async onEnded(sessionId: string): Promise<Retro | null> {
    if (this.inFlight.has(sessionId) || this.get(sessionId)) return null;
    const o = this.db.select().from(sessionOutcomes).where(eq(sessionOutcomes.sessionId, sessionId)).get();
    if (!o?.endState) return null;
    this.inFlight.add(sessionId);
    try {
      const { facts, checks } = retroFacts(this.db, o);
      const proposal = proposeFromFacts(sessionId, checks);
      const lesson =
        proposal && !this.lessons.has(o.projectId, proposal.text)
          ? this.lessons.create({ project: o.projectId, ...proposal, source: 'retro', sessionId })
          : null;
      const createdAt = new Date().toISOString();
      this.db
        .insert(sessionRetros)
        .values({
          sessionId,
          projectId: o.projectId,
          facts: JSON.stringify(facts),
          reflection: null, // the orchestrator's, later (record_reflection)
          lessonId: lesson?.id ?? null,
          createdAt,
        })
        .onConflictDoNothing()
        .run();
      const written = this.get(sessionId);
      if (written) this.onWritten?.(written);
      return written;
    } finally {
      this.inFlight.delete(sessionId);
    }
  }

  /** Retros missed while the daemon was down: sessions that ended in the last day and have none. */
  async catchUp(): Promise<void> {
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const rows = this.db.$client
      .prepare(
        `SELECT session_id AS id FROM session_outcomes o
          WHERE end_state IS NOT NULL AND ended_at >= ?
            AND NOT EXISTS (SELECT 1 FROM session_retros r WHERE r.session_id = o.session_id)`,
      )
      .all(since) as Array<{ id: string }>;
    for (const r of rows) await this.onEnded(r.id);
  }
}
