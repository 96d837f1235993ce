import type { AgentWatcher, Logger } from '@ao/shared/plugin';
import type { Db } from './db/open-db';
import type { EventBus } from './events/event-bus';
import type { GithubLoop } from './github/github-loop';
import type { PluginRegistry } from './plugins/registry';
import type { ProjectService } from './projects/project-service';
import type { DeliveryWaiters } from './sessions/delivery-waiters';
import type { SessionStore } from './sessions/session-store';

export interface DaemonOptions {
  dataDir: string;
  host: string;
  port: number;
  /** Extra Host header values allowed (e.g. a reverse proxy's name). */
  allowedHosts: string[];
  /** Static export of the dashboard, served at `/` when it exists. */
  webDir: string | null;
  /** Liveness check period for runtimes, ms. */
  livenessIntervalMs: number;
  version: string;
}

/** Everything the routes and session operations use; built once in `create-services.ts`. */
export interface Services {
  options: DaemonOptions;
  token: string;
  db: Db;
  bus: EventBus;
  store: SessionStore;
  projects: ProjectService;
  registry: PluginRegistry;
  logger: Logger;
  watchers: Map<string, AgentWatcher>;
  deliveries: DeliveryWaiters;
  github: GithubLoop;
  /** Delayed work (e.g. typing a prompt after the agent starts); cleared when the daemon closes. */
  later(ms: number, fn: () => void): void;
  clearLater(): void;
  /** `http://127.0.0.1:<port>`: what agents' hooks call back into. */
  selfUrl(): string;
}
