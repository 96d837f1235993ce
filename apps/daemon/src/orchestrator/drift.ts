import { conflict } from '@ao/shared/errors';
import type { Session } from '@ao/shared/session';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { driftCorrections } from '../db/schema';
import type { EventBus } from '../events/event-bus';
import type { OrchestratorSpec } from './orchestrator-keys';
import type { Trigger } from './trigger';

/**
 * Drift checks (issue → diff → turns): when a worker's turn ends, the orchestrator may be asked whether the work still
 * matches its task, at most once per `minIntervalMin` per session and never past `maxCorrections` corrections.
 */
export class DriftChecks {
  /** When each session was last checked (ms). */
  private readonly lastCheck = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  corrections(sessionId: string): number {
    return this.db
      .select({ n: count() })
      .from(driftCorrections)
      .where(eq(driftCorrections.sessionId, sessionId))
      .get()?.n as number;
  }

  /** The trigger for a turn that just ended (working → idle), or null when no check is due. */
  onTurnEnded(
    session: Session,
    spec: OrchestratorSpec | undefined,
    now = Date.now(),
  ): Omit<Trigger, 'at'> | null {
    const drift = spec?.config.drift;
    if (!drift?.enabled || session.lane === 'done') return null;
    const last = this.lastCheck.get(session.id);
    if (last !== undefined && now - last < drift.minIntervalMin * 60_000) return null;
    const made = this.corrections(session.id);
    if (made >= drift.maxCorrections) return null;
    this.lastCheck.set(session.id, now);
    const task = session.issue ? `issue ${session.issue.key ?? `#${session.issue.number}`}` : 'its prompt';
    return {
      trigger: 'drift_check',
      projectId: session.project,
      sessionId: session.id,
      detail:
        `a turn ended: does the work still match ${task}? Compare (get_session, get_diff); if it drifted, ` +
        `correct_drift with what to do instead (${made}/${drift.maxCorrections} corrections used); else do nothing`,
    };
  }

  /**
   * A drift correction from the orchestrator (`correct_drift`): sent to the worker as a message and recorded, within
   * `maxCorrections` (409 past it, and nothing is sent).
   */
  async correct(
    row: { id: string },
    drift: { maxCorrections: number },
    send: (text: string) => Promise<unknown>,
    text: string,
  ): Promise<{ correction: number; max: number }> {
    const max = drift.maxCorrections;
    if (this.corrections(row.id) >= max)
      throw conflict(`session ${row.id} had its ${max} corrections already`);
    await send(text);
    return { correction: this.record(row.id, text, max), max };
  }

  /** Records a correction and its event; past the cap it is refused (409) and nothing is sent. */
  record(sessionId: string, text: string, max: number): number {
    return this.bus.transaction((tx, emit) => {
      const made = tx
        .select({ n: count() })
        .from(driftCorrections)
        .where(eq(driftCorrections.sessionId, sessionId))
        .get()?.n as number;
      if (made >= max) throw conflict(`session ${sessionId} had its ${max} corrections already`);
      tx.insert(driftCorrections).values({ sessionId, text, createdAt: new Date().toISOString() }).run();
      emit('orchestrator.corrected', { sessionId, text, correction: made + 1, max });
      return made + 1;
    });
  }
}
