import fp from 'fastify-plugin';
import { EventBus } from './event-bus';

declare module 'fastify' {
  interface FastifyInstance {
    bus: EventBus;
  }
}

/** The `bus` resource: events written with the change they describe, published after commit. */
export const busResource = fp(
  async (app) => {
    app.decorate('bus', new EventBus(app.db));
  },
  { name: 'bus', dependencies: ['db'] },
);
