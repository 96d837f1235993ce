import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { ChatBots } from './chat-bots';
import { fleetOf } from './fleet-port';

declare module 'fastify' {
  interface FastifyInstance {
    chatops: ChatBots;
  }
}

/**
 * The `chatops` resource: Slack and Telegram bots of the projects that enable them. They start once the daemon is
 * ready (never delaying it) and follow project changes; they stop on close.
 */
export const chatopsResource = fp<{ logger: Logger }>(
  async (app, opts) => {
    const bots = new ChatBots({
      projects: app.projects,
      fleet: fleetOf(app.sessions, app.escalations, app.projects),
      bus: app.bus,
      logger: opts.logger,
    });
    app.decorate('chatops', bots);
    const sync = () =>
      bots
        .sync()
        .catch((err: Error) => opts.logger.error({ err: err.message }, 'chat-ops: could not start bots'));
    const unsubscribe = app.bus.subscribe((event) => {
      if (event.type === 'project.added' || event.type === 'project.updated') void sync();
    });
    app.addHook('onReady', async () => void sync());
    app.addHook('onClose', async () => {
      unsubscribe();
      await bots.close();
    });
  },
  { name: 'chatops', dependencies: ['bus', 'projects', 'sessions', 'escalations'] },
);
