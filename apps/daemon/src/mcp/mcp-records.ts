import type { Escalation, WorkerReport } from '@ao/shared/events-mcp';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { briefings, workerReports } from '../db/schema';
import { EscalationStore, type NewEscalation } from '../escalations/escalation-store';
import type { EventBus } from '../events/event-bus';
import { HumanQuestions } from './human-questions';

export interface Briefing {
  project: string;
  text: string;
  publishedAt: string;
}

/** What the MCP tools record for people and the orchestrator: escalations, worker reports, briefings; each with its
 *  event, written in the same transaction. */
export class McpRecords {
  private readonly escalations: EscalationStore;
  /** Questions people ask the orchestrator (`ao ask`, chat-ops) and its answers. */
  readonly questions: HumanQuestions;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {
    this.escalations = new EscalationStore(db, bus);
    this.questions = new HumanQuestions(db, bus);
  }

  escalate(input: NewEscalation): Escalation {
    return this.escalations.create(input);
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

  /** The latest briefing of every project (and the fleet's, `*`), newest first. */
  briefings(): Briefing[] {
    return this.db
      .select()
      .from(briefings)
      .orderBy(desc(briefings.publishedAt))
      .all()
      .map((r) => ({ project: r.projectId, text: r.text, publishedAt: r.publishedAt }));
  }

  openEscalations(limit = 50): Escalation[] {
    return this.escalations.list('open', limit);
  }
}
