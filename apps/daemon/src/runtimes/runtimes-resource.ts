import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { RuntimeMonitor } from './runtime-monitor';

export interface RuntimesResourceOptions {
  logger: Logger;
  /** How often runtimes without push events are asked about their sessions. */
  pollMs: number;
}

/**
 * The `runtimes` resource: at ready (before the daemon listens), recovers every session against its runtime, then
 * follows each runtime's pushed events; brings back, in the background, sessions whose runtime vanished with a restart.
 */
export const runtimesResource = fp<RuntimesResourceOptions>(
  async (app, opts) => {
    const monitor = new RuntimeMonitor(app.registry, app.sessions, opts.logger, opts.pollMs);
    let restore: string[] = [];
    app.addHook('onReady', async () => {
      monitor.start();
      const recovery = await app.sessions.recover();
      await monitor.recovered();
      restore = recovery.restore;
      const { restore: _, ...counts } = recovery;
      app.bus.emit('daemon.recovered', { ...counts, restored: restore });
      opts.logger.info({ ...counts, restoring: restore.length }, 'sessions recovered');
    });
    // Restored agents call back into the daemon's URL: known once it listens.
    app.addHook('onListen', async () => {
      if (restore.length) void app.sessions.restoreAfterRestart(restore);
    });
    app.addHook('onClose', async () => monitor.stop());
  },
  { name: 'runtimes', dependencies: ['registry', 'sessions', 'bus'] },
);
