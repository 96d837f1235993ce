import { AoError, conflict, notFound } from '@ao/shared/errors';
import type { EscalationAction, ResolveEscalationBody } from '@ao/shared/escalations';
import type { Escalation } from '@ao/shared/events-mcp';
import { type ActionDeps, carryOutAction } from './carry-out-action';
import type { EscalationStore } from './escalation-store';
import type { OrchestratorInbox } from './orchestrator-inbox';

export interface ResolveDeps extends ActionDeps {
  store: EscalationStore;
  inbox: () => OrchestratorInbox;
  /** Escalations being resolved now (one at a time each: a second accept must not merge twice). */
  inFlight: Set<number>;
}

const describe = (a: EscalationAction): string =>
  a.kind === 'send_message' ? `send_message to ${a.session}` : `${a.kind} ${a.session}`;

/** What the orchestrator is told of the human's decision (the human's own words quoted as they are). */
function noteFor(e: Escalation, body: ResolveEscalationBody, outcome: string | null): string {
  const head = `Escalation #${e.id}${e.sessionId ? ` (session ${e.sessionId})` : ''}:`;
  const note = body.text ? ` The human wrote: ${body.text}` : '';
  if (body.decision === 'accept')
    return `${head} the human accepted your recommendation.${outcome ? ` ao ${outcome}.` : ''}${note}`;
  if (body.decision === 'reject') return `${head} the human rejected your recommendation.${note}`;
  return `${head} the human answered: ${body.text ?? ''}`;
}

/**
 * Settles an open escalation. accept carries out its action (when it names one) and is recorded only once that
 * worked: a failure is recorded on the escalation, which stays open, and is thrown. reject changes nothing else.
 * answer stores the text. In every case the orchestrator is told when one runs (`deliverToOrchestrator`).
 */
export async function resolveEscalation(
  deps: ResolveDeps,
  id: number,
  body: ResolveEscalationBody,
  by: string,
): Promise<Escalation> {
  const e = deps.store.find(id);
  if (!e) throw notFound(`no escalation ${id}`);
  if (e.resolution || deps.inFlight.has(id))
    throw conflict(
      `escalation ${id} is already ${e.resolution ? `resolved (${e.resolution.decision})` : 'being resolved'}`,
    );
  deps.inFlight.add(id);
  try {
    let outcome: string | null = null;
    if (body.decision === 'accept' && e.action) {
      try {
        outcome = await carryOutAction(deps, e.action);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        deps.store.fail(id, `${describe(e.action)} failed: ${why}`);
        if (err instanceof AoError) throw err;
        throw new AoError('action_failed', `${describe(e.action)} failed: ${why}`);
      }
    }
    const delivered = await deps
      .inbox()
      .deliverToOrchestrator(e.project, noteFor(e, body, outcome))
      .catch(() => false);
    if (!outcome && body.decision === 'answer')
      outcome = delivered ? 'answer sent to the orchestrator' : null;
    const resolved = deps.store.resolve(id, {
      decision: body.decision,
      text: body.text ?? null,
      resolvedAt: new Date().toISOString(),
      resolvedBy: by,
      outcome,
      deliveredToOrchestrator: delivered,
    });
    if (!resolved) throw conflict(`escalation ${id} is already resolved`);
    return resolved;
  } finally {
    deps.inFlight.delete(id);
  }
}
