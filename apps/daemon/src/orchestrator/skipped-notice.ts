import type { Notification } from '@ao/shared/plugin';
import { oneLine } from './build-digest';
import type { Trigger } from './trigger';

/**
 * Triggers that are not the human's when the orchestrator cannot take them: a briefing is for the orchestrator only; a
 * reaction's escalation reaches the human through the reactor; a person's own question or decision is not sent back
 * to them; session ends and drift checks are the orchestrator's bookkeeping.
 */
const NOT_FOR_THE_HUMAN = new Set([
  'briefing_due',
  'reaction_escalated',
  'human_question',
  'human_decision',
  'session_ended',
  'drift_check',
]);

/** What the human is told about a trigger no orchestrator could take (null when it is not theirs). */
export function skippedNotice(t: Trigger, reason: string): Notification | null {
  if (NOT_FOR_THE_HUMAN.has(t.trigger)) return null;
  return {
    id: `orchestrator:${t.trigger}:${t.sessionId ?? '-'}:${t.at}`,
    priority: 'action',
    title: `${t.sessionId ?? t.projectId}: ${t.trigger.replace('_', ' ')}`,
    body: `${oneLine(t.detail, 500)}\n(not handed to the orchestrator: ${reason})`,
    ...(t.sessionId ? { sessionId: t.sessionId } : {}),
  };
}
