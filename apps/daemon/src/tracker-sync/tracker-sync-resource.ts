import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { IssueSync } from './issue-sync';
import { TrackerWriteStore } from './write-store';

declare module 'fastify' {
  interface FastifyInstance {
    trackerSync: IssueSync;
  }
}

export interface TrackerSyncResourceOptions {
  logger: Logger;
}

/**
 * The `trackerSync` resource: listens to the event bus once the daemon is ready and writes sessions' progress on
 * their issues (see IssueSync); on close, stops listening and waits for the write under way.
 */
export const trackerSyncResource = fp<TrackerSyncResourceOptions>(
  async (app, opts) => {
    const sync = new IssueSync({
      sessions: app.sessions,
      projects: app.projects,
      store: new TrackerWriteStore(app.db),
      logger: opts.logger,
    });
    app.decorate('trackerSync', sync);
    let unsubscribe: (() => void) | null = null;
    app.addHook('onReady', async () => {
      unsubscribe = app.bus.subscribe((event) => sync.onEvent(event));
    });
    app.addHook('onClose', async () => {
      unsubscribe?.();
      await sync.stop();
    });
  },
  { name: 'trackerSync', dependencies: ['db', 'bus', 'projects', 'sessions'] },
);
