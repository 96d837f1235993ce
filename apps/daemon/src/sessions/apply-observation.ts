import type { AgentObservation } from '@ao/shared/plugin';
import type { Evidence } from '@ao/shared/session';
import type { Services } from '../services';
import type { SessionPatch } from './session-store';

/** Merges what an agent's signals told into the session (activity with its evidence, usage, title, ids). */
export function applyObservation(s: Services, sessionId: string, obs: AgentObservation): void {
  const row = s.store.find(sessionId);
  if (!row) return;
  if (obs.userTurn) s.deliveries.userTurn(sessionId, obs.userTurn.text);
  const patch: SessionPatch = {};
  if (obs.signal && (row.status === 'running' || row.status === 'spawning')) {
    const at = obs.signal.at ?? new Date().toISOString();
    const evidence: Evidence = {
      source: obs.signal.source,
      detail: obs.signal.detail,
      at,
      confidence: obs.signal.confidence,
    };
    // A signal older than the evidence in force is stale (a transcript line read late after SessionEnd, a late
    // notification): it never overrides what a newer signal set.
    // Lower-confidence evidence (the screen) never overrides fresh higher-confidence evidence (hooks, transcript).
    const current = row.evidence as Evidence | null;
    // Evidence ao itself wrote (spawn, restore, kill, runtime) is about the session, not the agent's activity:
    // any agent signal may replace it.
    const fromAgent = current !== null && !LIFECYCLE.has(current.source);
    const weaker =
      fromAgent &&
      current &&
      rank(obs.signal.confidence) < rank(current.confidence) &&
      Date.parse(at) - Date.parse(current.at) < PROTECT_MS;
    const stale = current !== null && Date.parse(at) < Date.parse(current.at);
    if (!weaker && !stale) {
      patch.activity = obs.signal.activity;
      patch.evidence = evidence;
      if (obs.signal.activity === 'working') patch.lastActivityAt = at;
    } else if (weaker && current && obs.signal.activity !== row.activity) {
      // Watchers report changes only once: if nothing stronger speaks before the protection ends, this one holds.
      const signal = obs.signal;
      const heldUntil = Date.parse(current.at) + PROTECT_MS;
      s.later(Math.max(0, heldUntil - Date.now()) + 10, () => {
        const now = s.store.find(sessionId);
        const still = now?.evidence as Evidence | null | undefined;
        if (still?.at !== current.at) return; // a newer signal came in meanwhile
        applyObservation(s, sessionId, { signal: { ...signal, at: new Date().toISOString() } });
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
  if (Object.keys(patch).length) s.store.update(sessionId, patch);
}

/** How long fresher, stronger evidence outranks a weaker signal. */
const PROTECT_MS = 30_000;
const LIFECYCLE = new Set(['spawn', 'restore', 'user', 'runtime', 'recovery']);
const rank = (c: Evidence['confidence']) => (c === 'high' ? 3 : c === 'medium' ? 2 : 1);
