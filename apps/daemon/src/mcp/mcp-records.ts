import type { Escalation, WorkerReport } from '@ao/shared/events-mcp';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { briefings, escalations, workerReports } from '../db/schema';
import type { EventBus } from '../events/event-bus';

export interface Briefing {
  project: string;
  text: string;
  publishedAt: string;
}

/** What the MCP tools record for people and the orchestrator: escalations, worker reports, briefings; each with its
 *  event, written in the same transaction. */
export class McpRecords {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  escalate(input: Omit<Escalation, 'id' | 'createdAt'>): Escalation {
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
          createdAt,
        })
        .returning({ id: escalations.id })
        .get();
      const escalation: Escalation = { ...input, id: row.id, createdAt };
      emit('escalation.created', { sessionId: input.sessionId, escalation });
      return escalation;
    });
  }

  report(sessionId: string, kind: WorkerReport['kind'], text: string): WorkerReport {
    const createdAt = new Date().toISOString();
    return this.bus.transaction((tx, emit) => {
      const row = tx
        .insert(workerReports)
        .values({ sessionId, kind, text, createdAt })
        .returning({ id: workerReports.id })
        .get();
      const report: WorkerReport = { id: row.id, sessionId, kind, text, createdAt };
      emit('worker.reported', { sessionId, report });
      return report;
    });
  }

  publishBriefing(project: string, text: string): Briefing {
    const publishedAt = new Date().toISOString();
    this.bus.transaction((tx, emit) => {
      tx.insert(briefings)
        .values({ projectId: project, text, publishedAt })
        .onConflictDoUpdate({ target: briefings.projectId, set: { text, publishedAt } })
        .run();
      emit('briefing.published', { project, publishedAt, chars: text.length });
    });
    return { project, text, publishedAt };
  }

  briefing(project: string): Briefing | null {
    const row = this.db.select().from(briefings).where(eq(briefings.projectId, project)).get();
    return row ? { project: row.projectId, text: row.text, publishedAt: row.publishedAt } : null;
  }

  openEscalations(limit = 50): Escalation[] {
    return this.db.$client
      .prepare(
        `SELECT id, session_id AS sessionId, project_id AS project, summary, recommendation, source,
                created_at AS createdAt FROM escalations WHERE resolved_at IS NULL ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as Escalation[];
  }
}
