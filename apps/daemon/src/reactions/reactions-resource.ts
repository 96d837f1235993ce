import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { ACTIVE } from '../sessions/lifecycle';
import { NotifierRouters } from './notifier-routers';
import { Reactor } from './reactor';

declare module 'fastify' {
  interface FastifyInstance {
    reactions: Reactor;
  }
}

export interface ReactionsResourceOptions {
  logger: Logger;
  /** How often timed reactions (escalate_after, agent_stuck) are re-evaluated for active sessions. */
  tickMs: number;
}

/**
 * The `reactions` resource: re-evaluates a session's reactions when its activity or status moves (the GitHub loop
 * calls it after a PR refresh, with the failure details), and every `tickMs` for the timed ones. In-process only.
 */
export const reactionsResource = fp<ReactionsResourceOptions>(
  async (app, opts) => {
    const routers = new NotifierRouters(app.db, app.registry, opts.logger, (project, name) =>
      app.projects.settings(project, 'notifier', name),
    );
    const reactor = new Reactor({
      bus: app.bus,
      db: app.db,
      sessions: app.sessions,
      projects: app.projects,
      routers,
      logger: opts.logger,
    });
    app.decorate('reactions', reactor);
    let unsubscribe: (() => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    const tick = () => {
      for (const row of app.sessions.rows()) if (ACTIVE.has(row.status as never)) void reactor.react(row.id);
      timer = setTimeout(tick, opts.tickMs);
    };
    app.addHook('onReady', async () => {
      unsubscribe = app.bus.subscribe((event) => {
        if (event.type === 'session.activity' || event.type === 'session.status_changed') {
          void reactor.react(event.data.session.id);
        }
        if (
          event.type === 'session.status_changed' &&
          (event.data.to === 'done' || event.data.to === 'killed')
        ) {
          void reactor.reactProject(event.data.session.project);
        }
      });
      timer = setTimeout(tick, opts.tickMs);
    });
    app.addHook('onClose', async () => {
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      await reactor.idle();
    });
  },
  { name: 'reactions', dependencies: ['db', 'bus', 'registry', 'projects', 'sessions'] },
);
