import type { ActivitySignal } from '@ao/shared/plugin';
import type { Activity, Evidence, SessionStatus } from '@ao/shared/session';

/** How long fresher, stronger evidence outranks a weaker signal. */
export const PROTECT_MS = 30_000;
/** Evidence ao itself wrote (about the session, not the agent's activity): any agent signal may replace it. */
export const LIFECYCLE_SOURCES: ReadonlySet<string> = new Set([
  'spawn',
  'restore',
  'user',
  'runtime',
  'recovery',
  'lifecycle',
]);

export interface SignalState {
  status: SessionStatus;
  activity: Activity;
  evidence: Evidence | null;
  /** The first prompt is not yet taken by the agent. */
  promptPending: boolean;
}

export type SignalDecision =
  | { kind: 'apply'; activity: ActivitySignal['activity']; evidence: Evidence }
  /** A weaker signal against fresh, stronger evidence: applied at `until` unless something newer speaks first. */
  | { kind: 'hold'; until: number }
  | { kind: 'ignore'; reason: string };

const rank = (c: Evidence['confidence']) => (c === 'high' ? 3 : c === 'medium' ? 2 : 1);

/**
 * Which signal wins: a pure function of the session's state and one agent signal, tested as a table.
 * `authoritative` marks a probe of the agent's durable state (status file, rollout): it is the agent's current state,
 * so it is not held back as weaker; it is still refused when older than the evidence in force.
 */
export function decideSignal(
  state: SignalState,
  signal: ActivitySignal,
  now: number,
  opts: { authoritative?: boolean } = {},
): SignalDecision {
  if (state.status !== 'running' && state.status !== 'spawning') {
    return { kind: 'ignore', reason: `the session is ${state.status}` };
  }
  if (state.promptPending && signal.activity === 'idle') {
    // The agent is up (SessionStart) but has not taken its first prompt: still starting, never "needs you".
    return { kind: 'ignore', reason: 'the first prompt is not yet taken' };
  }
  const at = signal.at ?? new Date(now).toISOString();
  const evidence: Evidence = {
    source: signal.source,
    detail: signal.detail,
    at,
    confidence: signal.confidence,
  };
  const current = state.evidence;
  if (!current) return { kind: 'apply', activity: signal.activity, evidence };
  // A signal older than the evidence in force is stale (a transcript line read late, a late notification).
  if (Date.parse(at) < Date.parse(current.at))
    return { kind: 'ignore', reason: 'older than the evidence in force' };
  const fromAgent = !LIFECYCLE_SOURCES.has(current.source);
  const weaker =
    !opts.authoritative &&
    fromAgent &&
    rank(signal.confidence) < rank(current.confidence) &&
    Date.parse(at) - Date.parse(current.at) < PROTECT_MS;
  if (!weaker) return { kind: 'apply', activity: signal.activity, evidence };
  if (signal.activity === state.activity)
    return { kind: 'ignore', reason: 'says what stronger evidence says' };
  return { kind: 'hold', until: Date.parse(current.at) + PROTECT_MS };
}
