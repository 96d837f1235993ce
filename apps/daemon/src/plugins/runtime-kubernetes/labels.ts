import { createHash } from 'node:crypto';

export { homeLabel, LABEL_HOME, LABEL_PROJECT, LABEL_SESSION } from '../runtime-container/labels';

/** The session's container in its pod (attach and exec target it). */
export const AGENT_CONTAINER = 'agent';

/**
 * The pod's name: unique per daemon and session, a DNS-1123 name. A session id may hold `_`, which a pod name cannot:
 * it becomes `-` and a short hash of the id keeps `a_b-1` and `a-b-1` apart.
 */
export function podName(home: string, sessionId: string): string {
  if (!sessionId.includes('_')) return `ao-${home}-${sessionId}`;
  const hash = createHash('sha256').update(sessionId).digest('hex').slice(0, 6);
  return `ao-${home}-${sessionId.replaceAll('_', '-')}-${hash}`;
}
