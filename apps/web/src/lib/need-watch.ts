import type { Escalation } from '@ao/shared/events-mcp';
import { type Grace, type NeedReason, needsYou, PERMISSION_GRACE_MS } from '@ao/shared/needs-you';
import type { Session } from '@ao/shared/session';

/** Something that started to need the human: an open escalation, or a session with why. */
export type NewNeed =
  | { kind: 'escalation'; escalation: Escalation }
  | { kind: 'session'; session: Session; reason: NeedReason };

/**
 * Tells which needs are new since the last look, so a notification fires once when something starts to need the
 * human (an escalation opens, a permission prompt passes its grace time, a PR becomes theirs to review), never for
 * a session that merely sits in the Review lane. The first look only takes stock: what already needed the human when
 * the page opened is on the board, not announced.
 */
export class NeedWatch {
  private seen: Set<string> | null = null;

  look(
    sessions: Iterable<Session>,
    escalations: Iterable<Escalation>,
    now: number,
    grace: Grace = PERMISSION_GRACE_MS,
  ): NewNeed[] {
    const need = needsYou(sessions, escalations, now, grace);
    const current = new Map<string, NewNeed>();
    for (const e of need.escalations) current.set(`e:${e.id}`, { kind: 'escalation', escalation: e });
    for (const { session, reason } of need.sessions)
      current.set(`s:${session.id}:${reason}`, { kind: 'session', session, reason });
    const before = this.seen;
    this.seen = new Set(current.keys());
    if (before === null) return [];
    return [...current].filter(([key]) => !before.has(key)).map(([, v]) => v);
  }
}
