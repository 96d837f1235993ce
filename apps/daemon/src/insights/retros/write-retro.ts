import type { Retro } from '@ao/shared/lessons';
import type { Logger } from '@ao/shared/plugin';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open-db';
import { sessionOutcomes, sessionRetros } from '../../db/schema';
import type { LessonStore } from '../lessons/lesson-store';
import { proposeFromFacts } from './propose-from-facts';
import { proposeFromOrchestrator, type ReflectFn } from './propose-from-orchestrator';
import { retroFacts } from './retro-facts';

/**
 * Writes a finished session's retrospective once: its facts, the orchestrator's reflection when one is wired (not
 * yet: see `proposeFromOrchestrator`), and at most one proposed lesson (the orchestrator's, else the rule's from the
 * facts; never one the project already has, in any state).
 */
export class RetroWriter {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly lessons: LessonStore,
    private readonly logger: Logger,
    private readonly reflect: ReflectFn | null = null,
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
      const input = { sessionId, project: o.projectId, facts };
      const reflected = await proposeFromOrchestrator(this.reflect, input).catch((err: Error) => {
        this.logger.warn({ sessionId, err: err.message }, 'the orchestrator gave no reflection');
        return null;
      });
      const proposal = reflected?.lesson ?? proposeFromFacts(sessionId, checks);
      const source = reflected?.lesson ? 'orchestrator' : 'retro';
      const lesson =
        proposal && !this.lessons.has(o.projectId, proposal.text)
          ? this.lessons.create({ project: o.projectId, ...proposal, source, sessionId })
          : null;
      const createdAt = new Date().toISOString();
      this.db
        .insert(sessionRetros)
        .values({
          sessionId,
          projectId: o.projectId,
          facts: JSON.stringify(facts),
          reflection: reflected?.reflection ?? null,
          lessonId: lesson?.id ?? null,
          createdAt,
        })
        .onConflictDoNothing()
        .run();
      return this.get(sessionId);
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
