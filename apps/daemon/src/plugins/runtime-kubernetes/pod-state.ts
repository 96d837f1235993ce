import type { RuntimeState } from '@ao/shared/plugin';
import type { V1Pod } from '@kubernetes/client-node';
import { AGENT_CONTAINER } from './labels';

/** The agent container's exit code, when it has terminated. */
function terminated(pod: V1Pod): { exitCode: number } | null {
  const status = pod.status?.containerStatuses?.find((c) => c.name === AGENT_CONTAINER);
  const t = status?.state?.terminated;
  return t ? { exitCode: t.exitCode } : null;
}

/**
 * A pod's state as a runtime state: pending or running is alive (a pending pod is starting); a pod whose agent
 * container terminated, or that failed or succeeded, has exited (with the agent's code when known); none is gone.
 */
export function podState(pod: V1Pod | undefined): RuntimeState {
  if (pod === undefined) return { state: 'gone' };
  const t = terminated(pod);
  if (t !== null) return { state: 'exited', exitCode: t.exitCode, signal: null };
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return { state: 'exited', exitCode: null, signal: null };
  return { state: 'alive' };
}
