import { createHash } from 'node:crypto';

/** ao's session id (also the runtime handle's id). */
export const LABEL_SESSION = 'ao.session';
export const LABEL_PROJECT = 'ao.project';
/** Which ao daemon owns the container (a hash of its data dir): two daemons on one engine never touch each other's. */
export const LABEL_HOME = 'ao.home';

export function homeLabel(dataDir: string): string {
  return createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
}

/** The container's name: unique per daemon and session. */
export function containerName(home: string, sessionId: string): string {
  return `ao-${home}-${sessionId}`;
}

/** The internal network of `network: ao-only`: one per daemon home. */
export function aoOnlyNetworkName(home: string): string {
  return `ao-${home}-only`;
}
