import type { ResolveEscalationBody } from '@ao/shared/escalations';
import type { Escalation } from '@ao/shared/events-mcp';
import fp from 'fastify-plugin';
import type { ProjectService } from '../projects/project-service';
import type { SessionService } from '../sessions/session-service';
import { EscalationStore } from './escalation-store';
import { noOrchestrator, type OrchestratorInbox } from './orchestrator-inbox';
import { resolveEscalation } from './resolve-escalation';

declare module 'fastify' {
  interface FastifyInstance {
    escalations: EscalationService;
  }
}

/** Escalations to the human: the store, their resolution, and the hook to the orchestrator session. */
export class EscalationService {
  readonly store: EscalationStore;
  private inbox: OrchestratorInbox = noOrchestrator;
  private readonly inFlight = new Set<number>();

  constructor(
    store: EscalationStore,
    private readonly sessions: SessionService,
    private readonly projects: ProjectService,
  ) {
    this.store = store;
  }

  /** Where the human's decisions go: set by the orchestrator session when it runs (default: nowhere). */
  setInbox(inbox: OrchestratorInbox | null): void {
    this.inbox = inbox ?? noOrchestrator;
  }

  list = (state: 'open' | 'all', limit?: number) => this.store.list(state, limit);

  resolve(id: number, body: ResolveEscalationBody, by: string): Promise<Escalation> {
    return resolveEscalation(
      {
        store: this.store,
        sessions: this.sessions,
        projects: this.projects,
        inbox: () => this.inbox,
        inFlight: this.inFlight,
      },
      id,
      body,
      by,
    );
  }
}

/** The `escalations` resource. */
export const escalationsResource = fp(
  async (app) => {
    app.decorate(
      'escalations',
      new EscalationService(new EscalationStore(app.db, app.bus), app.sessions, app.projects),
    );
  },
  { name: 'escalations', dependencies: ['db', 'bus', 'sessions', 'projects'] },
);
