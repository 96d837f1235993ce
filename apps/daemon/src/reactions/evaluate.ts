import { createHash } from 'node:crypto';
import type { ReactionKind, ReactionsConfig } from '@ao/shared/config-reactions';
import type { Session } from '@ao/shared/session';
import { detectors, type Sent } from './detectors';
import { react, resolveKind } from './react';
import type { EvaluateInput, IncidentStore, ReactionAction } from './types';

const STOPPED = new Set(['killed', 'done', 'failed']);

/** The fingerprints sent for a session's incidents of a kind, read once and only if asked. */
function sentOf(store: IncidentStore, sessionId: string, kind: ReactionKind): Sent {
  let sent: ReadonlySet<string> | null = null;
  return () => {
    sent ??= new Set(store.list(sessionId, kind).flatMap((i) => i.sent));
    return sent;
  };
}

/**
 * Decides what the reactions do for one session, given its freshly refreshed PR and activity. Level-triggered: it
 * looks at the state now and at the durable incidents, never at a remembered transition, so a missed or repeated
 * webhook changes nothing. Call it inside the transaction that stores the PR (the store is synchronous), and carry
 * out the returned actions after commit. Also call it on a timer so `escalate_after` and `agent_stuck` fire.
 */
export function evaluate(
  input: EvaluateInput,
  store: IncidentStore,
  config: ReactionsConfig,
  now: Date = new Date(),
): ReactionAction[] {
  const actions: ReactionAction[] = [];
  const stopped = STOPPED.has(input.session.status);
  for (const [kind, detect] of detectors) {
    if (stopped) {
      resolveKind(store, input.session.id, kind, now); // killed, done or failed: nobody to react for
      continue;
    }
    const rule = config[kind];
    const detection = detect(input, rule, now, sentOf(store, input.session.id, kind));
    if (detection.state === 'clear') resolveKind(store, input.session.id, kind, now, detection.flapKey);
    else if (detection.state === 'fire')
      actions.push(...react(detection.trigger, rule, input.session, store, now));
  }
  const dead = input.session.status === 'runtime_lost' || input.activity.state === 'exited';
  return dead ? actions.map((a) => (a.type === 'send_to_agent' ? { ...a, restore: true } : a)) : actions;
}

/** A store that reads through to `store` and writes nowhere. */
const readOnly = (store: IncidentStore): IncidentStore => ({
  list: (sessionId, kind) => store.list(sessionId, kind),
  put: () => undefined,
});

/**
 * Whether evaluating `kind` now would send the agent a message (not merely escalate, notify, or nothing because every
 * item was sent already or a human has it). Reads the store, writes nothing. The GitHub loop asks it before fetching
 * what only such a message uses: CI failure details (job logs) are fetched only when they would be sent.
 */
export function wouldSendToAgent(
  kind: Exclude<ReactionKind, 'all_complete'>,
  input: EvaluateInput,
  store: IncidentStore,
  config: ReactionsConfig,
  now: Date = new Date(),
): boolean {
  const rule = config[kind];
  const detect = detectors.find(([k]) => k === kind)?.[1];
  if (!detect || STOPPED.has(input.session.status) || !rule.enabled || rule.action !== 'spawn_agent')
    return false;
  const detection = detect(input, rule, now, sentOf(store, input.session.id, kind));
  if (detection.state !== 'fire') return false;
  const actions = react(detection.trigger, rule, input.session, readOnly(store), now);
  return actions.some((a) => a.type === 'send_to_agent');
}

export interface AllCompleteInput {
  project: string;
  sessions: ReadonlyArray<Pick<Session, 'id' | 'status' | 'pr'>>;
}

const isComplete = (s: AllCompleteInput['sessions'][number]) =>
  s.status === 'done' || s.status === 'killed' || s.pr?.state === 'merged' || s.pr?.state === 'closed';

/** `all_complete`: every session of a project is finished. Fires once per set of sessions. */
export function evaluateAllComplete(
  { project, sessions }: AllCompleteInput,
  store: IncidentStore,
  config: ReactionsConfig,
  now: Date = new Date(),
): ReactionAction[] {
  const scope = { id: `project:${project}`, project, status: 'done' as const, title: project, branch: '' };
  if (sessions.length === 0 || !sessions.every(isComplete)) {
    resolveKind(store, scope.id, 'all_complete', now);
    return [];
  }
  const ids = sessions.map((s) => s.id).sort();
  const key = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16);
  const merged = sessions.filter((s) => s.pr?.state === 'merged').length;
  const rule = config.all_complete;
  return react(
    {
      kind: 'all_complete',
      key,
      items: [
        { fingerprint: `complete:${key}`, text: `${sessions.length} session(s), ${merged} PR(s) merged` },
      ],
      summary: `All ${sessions.length} session(s) of ${project} are finished (${merged} merged)`,
      agentMessage: () => rule.prompt,
    },
    rule,
    scope,
    store,
    now,
  );
}

/**
 * A `send_to_agent` message was not confirmed delivered: hand the incident to a human instead of counting it as
 * sent. Returns the escalation to notify (empty when it was already escalated).
 */
export function escalateUndelivered(
  action: Extract<ReactionAction, { type: 'send_to_agent' }>,
  detail: string,
  store: IncidentStore,
  now: Date = new Date(),
): ReactionAction[] {
  const inc = store.list(action.sessionId, action.reaction).find((i) => i.key === action.key);
  if (!inc || inc.escalated) return [];
  store.put({ ...inc, escalated: true, escalatedAt: now.toISOString() });
  const reason = `${action.reaction}: message to the agent not delivered (${detail})`;
  return [
    {
      type: 'escalate',
      reaction: action.reaction,
      sessionId: action.sessionId,
      key: action.key,
      attempt: action.attempt,
      reason,
      channels: null,
      notification: {
        id: `${action.sessionId}:${action.reaction}:${action.key}:escalated`,
        priority: 'urgent',
        title: `${action.sessionId} needs you: ${reason}`,
        body: action.message,
        sessionId: action.sessionId,
      },
    },
  ];
}
