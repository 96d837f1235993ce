import fp from 'fastify-plugin';
import { type Db, openDb } from './open-db';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** The `db` resource: ao.db opened (WAL, migrations applied) at registration, closed last. */
export const dbResource = fp<{ file: string }>(
  async (app, opts) => {
    const db = openDb(opts.file);
    app.decorate('db', db);
    app.addHook('onClose', async () => db.$client.close());
  },
  { name: 'db' },
);
