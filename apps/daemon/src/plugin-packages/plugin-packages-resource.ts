import { join } from 'node:path';
import type { Logger, SlotName } from '@ao/shared/plugin';
import { and, eq, inArray } from 'drizzle-orm';
import fp from 'fastify-plugin';
import { sessions } from '../db/schema';
import { exec } from '../util/exec';
import { PluginsFolder } from './installed-record';
import { npmCli, type PluginSource } from './npm-cli';
import { PluginPackages } from './plugin-packages';

declare module 'fastify' {
  interface FastifyInstance {
    pluginPackages: PluginPackages;
  }
}

/** The session columns naming the plugin of a slot (other slots are not chosen per session). */
const COLUMN = { agent: sessions.agent, runtime: sessions.runtime, workspace: sessions.workspace } as const;

/**
 * The `pluginPackages` resource: community plugins installed in `<data dir>/plugins/`, registered at start (before
 * the projects load, so their configs can choose them).
 */
export const pluginPackagesResource = fp<{ dataDir: string; logger: Logger; source?: PluginSource }>(
  async (app, opts) => {
    const usersOf = (slot: SlotName, name: string): string[] => {
      const column = COLUMN[slot as keyof typeof COLUMN];
      if (!column) return [];
      return app.db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(inArray(sessions.status, ['spawning', 'running']), eq(column, name)))
        .all()
        .map((r) => r.id);
    };
    const packages = new PluginPackages({
      folder: new PluginsFolder(join(opts.dataDir, 'plugins')),
      registry: app.registry,
      source: opts.source ?? { npm: npmCli(exec), fetch: (input, init) => fetch(input, init) },
      usersOf,
      logger: opts.logger,
    });
    await packages.loadAll();
    app.decorate('pluginPackages', packages);
  },
  { name: 'pluginPackages', dependencies: ['db', 'registry'] },
);
