import type { Delivery } from '@ao/shared/api';
import type { Session } from '@ao/shared/session';
import type { SessionService } from '../sessions/session-service';

/** What chat-ops reads and does: the daemon's own session operations, nothing of its own. */
export interface FleetPort {
  list(): Session[];
  /** Null when there is no such session. */
  find(id: string): Session | null;
  tell(id: string, text: string): Promise<Delivery>;
  merge(id: string): Promise<Session>;
  kill(id: string): Promise<Session>;
}

/** The fleet through the session service: the same paths as the API and the CLI (delivery, merge, kill). */
export function fleetOf(sessions: SessionService): FleetPort {
  return {
    list: () => sessions.list(),
    find: (id) => (sessions.find(id) ? sessions.get(id) : null),
    tell: (id, text) => sessions.send(id, text),
    merge: (id) => sessions.merge(id),
    kill: (id) => sessions.kill(id, {}),
  };
}
