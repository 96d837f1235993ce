import type { ReactionKind, ReactionRule } from '@ao/shared/config-reactions';
import type { Incident, IncidentStore, ReactionAction, ReactionSession } from './types';

/** One thing a reaction can tell (a failed check, a review comment, a conflict); sent at most once. */
export interface TriggerItem {
  fingerprint: string;
  /** The item as text for the agent's message or a notification body. */
  text: string;
}

/** A reaction condition that holds now. */
export interface Trigger {
  kind: ReactionKind;
  key: string;
  items: TriggerItem[];
  /** A one-line statement of the condition, e.g. `CI failed on PR #12 (lint, test)`. */
  summary: string;
  url?: string;
  restore?: boolean;
  merge?: { prNumber: number; headSha: string };
  /** The message to the agent for these (not yet sent) items. */
  agentMessage(items: TriggerItem[]): string;
}

export function newIncident(sessionId: string, kind: ReactionKind, key: string): Incident {
  return {
    sessionId,
    kind,
    key,
    attempts: 0,
    firstFiredAt: null,
    lastFiredAt: null,
    escalated: false,
    escalatedAt: null,
    resolvedAt: null,
    sent: [],
  };
}

/**
 * The condition cleared: close every open incident of this kind, so the next occurrence starts a fresh budget. When
 * the incident for `flapKey` (the current head sha) already fired, the same commit failed and then passed: a flapping
 * check, which resolves nothing.
 */
export function resolveKind(
  store: IncidentStore,
  sessionId: string,
  kind: ReactionKind,
  now: Date,
  flapKey?: string,
): void {
  const incidents = store.list(sessionId, kind);
  if (flapKey !== undefined && incidents.some((i) => i.key === flapKey && (i.attempts > 0 || i.escalated)))
    return;
  for (const inc of incidents) {
    if (!inc.resolvedAt) store.put({ ...inc, resolvedAt: now.toISOString() });
  }
}

const body = (t: Trigger, items: TriggerItem[]) =>
  [t.summary, ...items.map((i) => `- ${i.text.split('\n')[0]}`)].join('\n');

function escalate(
  t: Trigger,
  rule: ReactionRule,
  session: ReactionSession,
  inc: Incident,
  fresh: TriggerItem[],
  reason: string,
  now: Date,
  streakAttempts: number,
): ReactionAction {
  inc.escalated = true;
  inc.escalatedAt = now.toISOString();
  inc.sent = [...new Set([...inc.sent, ...fresh.map((i) => i.fingerprint)])];
  return {
    type: 'escalate',
    reaction: t.kind,
    sessionId: session.id,
    key: t.key,
    attempt: streakAttempts,
    reason,
    channels: rule.channels,
    notification: {
      id: `${session.id}:${t.kind}:${t.key}:escalated`,
      priority: 'urgent',
      title: `${session.id} needs you: ${reason}`,
      body: body(t, fresh),
      url: t.url,
      sessionId: session.id,
    },
  };
}

function fire(
  t: Trigger,
  rule: ReactionRule,
  session: ReactionSession,
  inc: Incident,
  fresh: TriggerItem[],
  attempt: number,
): ReactionAction {
  const base = { reaction: t.kind, sessionId: session.id, key: t.key, attempt };
  if (rule.action === 'spawn_agent') {
    const fingerprints = fresh.map((i) => i.fingerprint);
    return {
      ...base,
      type: 'send_to_agent',
      message: t.agentMessage(fresh),
      restore: t.restore ?? false,
      fingerprints,
    };
  }
  if (rule.action === 'auto_merge' && t.merge) {
    return { ...base, type: 'auto_merge', ...t.merge, method: rule.mergeMethod };
  }
  return {
    ...base,
    type: 'notify',
    channels: rule.channels,
    notification: {
      id: `${session.id}:${t.kind}:${t.key}:${inc.attempts}`,
      priority: rule.priority,
      title: `${session.id}: ${rule.message}`,
      body: body(t, fresh),
      url: t.url,
      sessionId: session.id,
    },
  };
}

/**
 * Applies a rule to a condition that holds now, against the durable incidents: sends only items never sent before,
 * counts attempts across the unresolved incidents of the kind, and escalates once past `retries` or `escalate_after`.
 * Writes the incident through `store`; returns what to do (after the transaction commits).
 */
export function react(
  t: Trigger,
  rule: ReactionRule,
  session: ReactionSession,
  store: IncidentStore,
  now: Date,
): ReactionAction[] {
  if (!rule.enabled) return [];
  const all = store.list(session.id, t.kind);
  const found = all.find((i) => i.key === t.key);
  const inc: Incident = found ? { ...found, resolvedAt: null } : newIncident(session.id, t.kind, t.key);
  const reopened = found?.resolvedAt != null;
  const streak = [...all.filter((i) => !i.resolvedAt && i.key !== t.key), inc];
  const sentBefore = new Set(all.flatMap((i) => i.sent));
  const fresh = t.items.filter((i) => !sentBefore.has(i.fingerprint));
  if (streak.some((i) => i.escalated)) {
    if (reopened) store.put(inc);
    return []; // a human has it until the condition clears
  }
  const attempts = streak.reduce((n, i) => n + i.attempts, 0);
  const firstTimes = streak.flatMap((i) => (i.firstFiredAt ? [Date.parse(i.firstFiredAt)] : []));
  const first = firstTimes.length ? Math.min(...firstTimes) : null;
  const budgeted = rule.action === 'spawn_agent';
  const overdue =
    budgeted &&
    rule.escalateAfterMs !== null &&
    first !== null &&
    now.getTime() - first >= rule.escalateAfterMs;
  const overBudget = budgeted && fresh.length > 0 && attempts >= rule.retries;
  if (overdue || overBudget) {
    const reason = overBudget
      ? `${t.kind} still unresolved after ${attempts} attempt(s)`
      : `${t.kind} unresolved for ${Math.round((now.getTime() - (first ?? 0)) / 60_000)} min`;
    const action = escalate(t, rule, session, inc, fresh, reason, now, attempts);
    store.put(inc);
    return [action];
  }
  if (fresh.length === 0) {
    if (reopened) store.put(inc);
    return [];
  }
  inc.attempts += 1;
  inc.firstFiredAt ??= now.toISOString();
  inc.lastFiredAt = now.toISOString();
  inc.sent = [...inc.sent, ...fresh.map((i) => i.fingerprint)];
  store.put(inc);
  return [fire(t, rule, session, inc, fresh, attempts + 1)];
}
