import type { Escalation } from './events-mcp';
import type { Session } from './session';

/**
 * How long an agent may wait on a permission prompt before it asks for the human (the orchestrator's turn first), when
 * its project's own grace is not known (a project's is `Project.permissionGraceSec`).
 */
export const PERMISSION_GRACE_MS = 60_000;

/** A grace for every session, or per session (its project's). */
export type Grace = number | ((s: Session) => number);
const graceFor = (grace: Grace, s: Session) => (typeof grace === 'number' ? grace : grace(s));

/** Why a session needs the human, or null when it does not (DESIGN.md §10: nothing else asks for them). */
export type NeedReason = 'escalated' | 'permission' | 'review';

export function needReason(s: Session, now: number, graceMs = PERMISSION_GRACE_MS): NeedReason | null {
  if (s.lane === 'done' || s.kind === 'orchestrator') return null;
  // A reaction ran out of budget: an escalation of ao's own.
  if (s.escalated && s.lane === 'review') return 'escalated';
  if (s.activity === 'waiting_input') {
    const since = Date.parse(s.evidence?.at ?? s.lastActivityAt ?? s.updatedAt);
    return Number.isNaN(since) || now - since >= graceMs ? 'permission' : null;
  }
  // A PR the agent is done with and nobody else reviews: the user's own review (the last rule of laneOf).
  const pr = s.pr;
  if (
    s.lane === 'review' &&
    pr?.state === 'open' &&
    !pr.draft &&
    pr.ci !== 'failing' &&
    pr.reviewDecision !== 'changes_requested' &&
    s.activity !== 'blocked' &&
    s.status === 'running'
  )
    return 'review';
  return null;
}

export interface NeedsYou {
  /** Open escalations, newest first. */
  escalations: Escalation[];
  /** Sessions that need the human (other than through an open escalation), with why. */
  sessions: Array<{ session: Session; reason: NeedReason }>;
  count: number;
}

/**
 * What needs the user, across all projects (filters do not hide attention): open escalations, permission prompts
 * waiting past their grace time, and PRs ready for their own review. Idle agents, exits and failures stay in the
 * Review lane for a look, but are the orchestrator's to handle first and do not count here.
 */
export function needsYou(
  sessions: Iterable<Session>,
  escalations: Iterable<Escalation>,
  now: number,
  grace: Grace = PERMISSION_GRACE_MS,
): NeedsYou {
  const open = [...escalations].filter((e) => !e.resolution).sort((a, b) => b.id - a.id);
  const covered = new Set(open.map((e) => e.sessionId).filter((id): id is string => id !== null));
  const list: NeedsYou['sessions'] = [];
  for (const s of sessions) {
    const reason = covered.has(s.id) ? null : needReason(s, now, graceFor(grace, s));
    if (reason) list.push({ session: s, reason });
  }
  return { escalations: open, sessions: list, count: open.length + list.length };
}
