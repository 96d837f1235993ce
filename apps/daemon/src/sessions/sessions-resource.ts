import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import type { SessionSettings } from './context';
import { SessionService } from './session-service';
import type { FallbackWatch } from './watchers';

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionService;
  }
}

export interface SessionsResourceOptions extends SessionSettings {
  logger: Logger;
  fallback: FallbackWatch | null;
}

/** The `sessions` resource: every session operation behind `SessionPort`; stops its watchers and timers on close. */
export const sessionsResource = fp<SessionsResourceOptions>(
  async (app, opts) => {
    const sessions = new SessionService({
      db: app.db,
      bus: app.bus,
      projects: app.projects,
      registry: app.registry,
      logger: opts.logger,
      dataDir: opts.dataDir,
      selfUrl: opts.selfUrl,
      sessionEnv: opts.sessionEnv,
      systemPrompt: opts.systemPrompt,
      launchExtras: opts.launchExtras,
      fallback: opts.fallback,
    });
    app.decorate('sessions', sessions);
    app.addHook('onClose', async () => sessions.close());
  },
  { name: 'sessions', dependencies: ['db', 'bus', 'registry', 'projects'] },
);
