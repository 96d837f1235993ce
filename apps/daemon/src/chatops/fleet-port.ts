import type { Delivery } from '@ao/shared/api';
import type { ResolveEscalationBody } from '@ao/shared/escalations';
import type { Escalation } from '@ao/shared/events-mcp';
import type { Session } from '@ao/shared/session';
import type { EscalationService } from '../escalations/escalations-resource';
import type { ProjectService } from '../projects/project-service';
import type { SessionService } from '../sessions/session-service';

/** What chat-ops reads and does: the daemon's own session operations, nothing of its own. */
export interface FleetPort {
  list(): Session[];
  /** How long a permission prompt in this project is the orchestrator's before it needs the human. */
  graceMs(projectId: string): number;
  /** Null when there is no such session. */
  find(id: string): Session | null;
  tell(id: string, text: string): Promise<Delivery>;
  merge(id: string): Promise<Session>;
  kill(id: string): Promise<Session>;
  /** Open escalations, newest first. */
  escalations(): Escalation[];
  findEscalation(id: number): Escalation | null;
  resolve(id: number, body: ResolveEscalationBody, by: string): Promise<Escalation>;
}

/** The fleet through the session service: the same paths as the API and the CLI (delivery, merge, kill). */
export function fleetOf(
  sessions: SessionService,
  escalations: EscalationService,
  projects: Pick<ProjectService, 'permissionGraceMs'>,
): FleetPort {
  return {
    list: () => sessions.list(),
    graceMs: (id) => projects.permissionGraceMs(id),
    find: (id) => (sessions.find(id) ? sessions.get(id) : null),
    tell: (id, text) => sessions.send(id, text),
    merge: (id) => sessions.merge(id),
    kill: (id) => sessions.kill(id, {}),
    escalations: () => escalations.list('open', 25),
    findEscalation: (id) => escalations.store.find(id) ?? null,
    resolve: (id, body, by) => escalations.resolve(id, body, by),
  };
}
