import type { AgentObservation } from '@ao/shared/plugin';
import type { Evidence } from '@ao/shared/session';
import type { SessionContext } from './context';
import type { SessionPatch } from './session-store';
import { decideSignal } from './signal-rules';

/**
 * Merges what an agent's signals told into the session: message confirmations (a turn started with a message, or
 * the agent queued it), the activity with its evidence (which signal wins: `decideSignal`), usage, title, ids.
 * `authoritative`: the observation is a probe of the agent's durable state, not a live signal.
 */
export function applyObservation(
  ctx: SessionContext,
  sessionId: string,
  obs: AgentObservation,
  opts: { authoritative?: boolean } = {},
): void {
  if (!ctx.store.find(sessionId)) return;
  if (obs.queued) ctx.messages.onQueued(sessionId, obs.queued.text);
  if (obs.userTurn) ctx.messages.onUserTurn(sessionId, obs.userTurn.text, 'a turn started with it');
  if (obs.dropped) ctx.messages.onDropped(sessionId, obs.dropped.texts, obs.dropped.reason);
  // Read after the messages moved: a first prompt just taken is no longer pending.
  const row = ctx.store.find(sessionId);
  if (!row) return;
  const patch: SessionPatch = {};
  if (obs.signal) {
    const state = {
      status: row.status as Parameters<typeof decideSignal>[0]['status'],
      activity: row.activity as Parameters<typeof decideSignal>[0]['activity'],
      evidence: row.evidence as Evidence | null,
      promptPending: row.promptPending,
    };
    const decision = decideSignal(state, obs.signal, Date.now(), opts);
    if (decision.kind === 'apply') {
      patch.activity = decision.activity;
      patch.evidence = decision.evidence;
      if (decision.activity === 'working') patch.lastActivityAt = decision.evidence.at;
    } else if (decision.kind === 'hold') {
      // Watchers report changes only once: if nothing stronger speaks before the protection ends, this one holds.
      const held = state.evidence?.at;
      const signal = obs.signal;
      ctx.timers.later(Math.max(0, decision.until - Date.now()) + 10, () => {
        const now = ctx.store.find(sessionId)?.evidence as Evidence | null | undefined;
        if (now?.at !== held) return; // a newer signal came in meanwhile
        applyObservation(ctx, sessionId, { signal: { ...signal, at: new Date().toISOString() } });
      });
    }
  }
  if (obs.usage) {
    patch.tokensIn = obs.usage.tokensIn;
    patch.tokensOut = obs.usage.tokensOut;
    if (obs.usage.model) patch.model = obs.usage.model;
    if (obs.usage.costUsd !== undefined) patch.costUsd = obs.usage.costUsd;
  }
  if (obs.model) patch.model = obs.model;
  if (obs.title) patch.title = obs.title;
  if (obs.agentSessionId) patch.agentSessionId = obs.agentSessionId;
  if (Object.keys(patch).length) ctx.store.update(sessionId, patch);
}
