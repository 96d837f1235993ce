import type { AgentObservation } from '@ao/shared/plugin';

const FLUSH_MS = 1000;

/**
 * Coalesces a watcher's observations: what changes the board (a new activity, a user turn, a message queued or
 * dropped, the agent's session id) is applied at once, so a delivery is confirmed without delay and two messages are
 * never merged into one; usage totals, titles and same-activity evidence are merged and applied at most once a second.
 * A busy agent's transcript yields several observations a second, and each applied one is a write and an event.
 */
export function batchObservations(apply: (obs: AgentObservation) => void): {
  emit(obs: AgentObservation): void;
  close(): void;
} {
  let pending: AgentObservation | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastActivity: string | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const obs = pending;
    pending = null;
    if (obs) apply(obs);
  };

  return {
    emit(obs) {
      pending = merge(pending, obs);
      const urgent =
        obs.userTurn !== undefined ||
        obs.queued !== undefined ||
        obs.dropped !== undefined ||
        obs.agentSessionId !== undefined ||
        (obs.signal !== undefined && obs.signal.activity !== lastActivity);
      if (obs.signal) lastActivity = obs.signal.activity;
      if (urgent) flush();
      else timer ??= setTimeout(flush, FLUSH_MS);
    },
    close() {
      flush();
    },
  };
}

/** Later fields win; a user turn is kept until applied (it confirms a delivery). */
function merge(a: AgentObservation | null, b: AgentObservation): AgentObservation {
  if (!a) return { ...b };
  return { ...a, ...b, userTurn: b.userTurn ?? a.userTurn };
}
