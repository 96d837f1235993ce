import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@ao/shared/plugin';
import { openDb } from './db/open-db';
import { EventBus } from './events/event-bus';
import { GithubLoop } from './github/github-loop';
import { ensureToken } from './http/token';
import { watchScreen } from './plugins/agent-screen';
import { builtinPlugins } from './plugins/builtin';
import { PluginRegistry } from './plugins/registry';
import { ProjectService } from './projects/project-service';
import type { DaemonOptions, Services } from './services';
import { DeliveryWaiters } from './sessions/delivery-waiters';
import { SessionStore } from './sessions/session-store';
import { setFallbackWatch } from './sessions/watch-session';
import { exec } from './util/exec';

/** Opens the data dir (database, token) and loads plugins and projects. */
export async function createServices(
  options: DaemonOptions,
  logger: Logger,
  env: Record<string, string | undefined>,
): Promise<Services> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(join(options.dataDir, 'logs'), { recursive: true });
  const token = ensureToken(options.dataDir);
  const db = openDb(join(options.dataDir, 'ao.db'));
  const bus = new EventBus(db);
  const registry = new PluginRegistry({ dataDir: options.dataDir, logger, exec });
  for (const mod of builtinPlugins) registry.register(mod);
  // 2 s samples: idle shows within ~7 s, and 50 idle sessions cost about one tmux query every 2 s (see output-clock).
  setFallbackWatch((ctx, emit) => watchScreen(ctx, emit, { intervalMs: 2000 }));
  const projects = new ProjectService(db, bus, registry, env);
  await projects.loadAll();
  const timers = new Set<NodeJS.Timeout>();
  const services: Services = {
    options,
    token,
    db,
    bus,
    store: new SessionStore(db, bus),
    projects,
    registry,
    logger,
    watchers: new Map(),
    deliveries: new DeliveryWaiters(),
    later: (ms, fn) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
    clearLater: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
    selfUrl: () => {
      const h = ['0.0.0.0', '::', ''].includes(options.host) ? '127.0.0.1' : options.host;
      return `http://${h.includes(':') ? `[${h}]` : h}:${options.port}`;
    },
    github: null as unknown as GithubLoop, // set just below: the loop needs the services it belongs to
  };
  services.github = new GithubLoop(services);
  return services;
}
