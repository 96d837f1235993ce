import type { ActivitySignal } from '@ao/shared/plugin';
import type { RolloutState } from './rollout';

/**
 * A turn whose `task_started` is older than the Codex process (by more than this) was run by an earlier process that
 * is gone: a restored Codex does not go on with it, it shows "Conversation interrupted" and waits at its prompt.
 */
export const RESTARTED_SLACK_MS = 250;

/**
 * What Codex does now, from everything its rollout says so far: the last turn's end (idle, or blocked when it failed),
 * an open turn (working), or an open turn older than the process (interrupted: idle). Null when no turn is known.
 * `agentStartedAt` is the Codex process's start (epoch ms), when known; `at` is when this is said.
 */
export function currentSignal(
  state: RolloutState,
  agentStartedAt: number | null,
  at: string,
): ActivitySignal | null {
  const base = { source: 'rollout', at } as const;
  if (state.turnOpen) {
    const started = state.turnStartedAt;
    if (agentStartedAt !== null && started !== null && started < agentStartedAt - RESTARTED_SLACK_MS) {
      const detail = 'the last turn was interrupted (Codex was restarted); Codex waits at its prompt';
      return { ...base, activity: 'idle', detail, confidence: 'high' };
    }
    // Without the process's start time an open turn may be a dead one: the caller checks the screen.
    return {
      ...base,
      activity: 'working',
      detail: 'turn in progress',
      confidence: agentStartedAt === null ? 'medium' : 'high',
    };
  }
  if (state.lastEnd) return { ...base, ...state.lastEnd, confidence: 'high' };
  return null;
}
