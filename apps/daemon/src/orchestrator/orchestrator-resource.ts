import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { OrchestratorService } from './orchestrator-service';
import { followWakeSources } from './wake-sources';

declare module 'fastify' {
  interface FastifyInstance {
    orchestrator: OrchestratorService;
  }
}

export interface OrchestratorResourceOptions {
  logger: Logger;
  /** How often ao looks whether a briefing is due (default 60 s). */
  briefingTickMs?: number;
}

/**
 * The `orchestrator` resource: starts the enabled orchestrators once the daemon is ready (after sessions were
 * recovered), follows the wake sources, and takes the reactions' escalations first when an orchestrator is running
 * (agent → orchestrator → human).
 */
export const orchestratorResource = fp<OrchestratorResourceOptions>(
  async (app, opts) => {
    const service = new OrchestratorService({
      db: app.db,
      bus: app.bus,
      sessions: app.sessions,
      projects: app.projects,
      tokens: app.mcp.tokens,
      // async: a broken notifier setting becomes a rejection the service logs, never a throw into an event listener.
      notify: async (projectId, n) => app.reactions.notify(app.projects.get(projectId), n),
      logger: opts.logger,
    });
    app.decorate('orchestrator', service);
    app.reactions.routeEscalations(({ projectId, sessionId, reaction, reason }) =>
      service.enqueue({
        trigger: 'reaction_escalated',
        projectId,
        sessionId,
        detail: `${reaction}: ${reason}`,
        at: new Date().toISOString(),
      }),
    );
    let off: (() => void) | null = null;
    let offProjects: (() => void) | null = null;
    app.addHook('onReady', async () => {
      off = followWakeSources(
        app.bus,
        app.sessions,
        service,
        { briefingTickMs: opts.briefingTickMs ?? 60_000 },
        opts.logger,
      );
      // A project added or reloaded with the orchestrator enabled gets it at once.
      offProjects = app.bus.subscribe((e) => {
        if (e.type === 'project.added' || e.type === 'project.updated') void service.ensureAll();
      });
      // Not awaited: `ao up` answers while the orchestrator's agent starts.
      void service.ensureAll();
    });
    app.addHook('onClose', async () => {
      service.close();
      off?.();
      offProjects?.();
    });
  },
  { name: 'orchestrator', dependencies: ['db', 'bus', 'projects', 'sessions', 'reactions', 'mcp'] },
);
