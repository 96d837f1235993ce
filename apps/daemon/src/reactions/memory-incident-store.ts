import type { ReactionKind } from '@ao/shared/config-reactions';
import type { Incident, IncidentStore } from './types';

/** IncidentStore in memory (tests; the daemon uses the SQLite one over `reaction_incidents`). */
export class MemoryIncidentStore implements IncidentStore {
  private readonly rows = new Map<string, Incident>();

  list(sessionId: string, kind: ReactionKind): Incident[] {
    return [...this.rows.values()]
      .filter((i) => i.sessionId === sessionId && i.kind === kind)
      .map((i) => structuredClone(i));
  }

  put(incident: Incident): void {
    this.rows.set(
      `${incident.sessionId}\u0000${incident.kind}\u0000${incident.key}`,
      structuredClone(incident),
    );
  }

  all(): Incident[] {
    return [...this.rows.values()].map((i) => structuredClone(i));
  }
}
