import type { Logger } from '@ao/shared/plugin';
import type SmeeClient from 'smee-client';
import type { EventBus } from '../events/event-bus';
import type { ProjectService } from '../projects/project-service';

export interface SmeeDeps {
  projects: ProjectService;
  bus: EventBus;
  logger: Logger;
  selfUrl(): string;
}

const RETRY_MS = 30_000;

/**
 * Relays webhooks from the smee.io channels projects configure (`github.smeeUrl`) to this daemon's webhook route, for
 * machines GitHub cannot reach. Deliveries are verified by the route as usual. Returns a stop function.
 */
export function startSmeeRelays(s: SmeeDeps): () => Promise<void> {
  const connected = new Set<string>();
  const clients: SmeeClient[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const logger = {
    info: (...args: unknown[]) => s.logger.debug({ smee: args.map(String).join(' ') }, 'smee'),
    error: (...args: unknown[]) => s.logger.warn({ smee: args.map(String).join(' ') }, 'smee relay error'),
  };
  const connect = (source: string) => {
    // smee-client is loaded only when a project names a channel (it costs ~150 ms of CPU to load at every start).
    void import('smee-client').then(({ default: Smee }) => {
      if (stopped) return;
      const client = new Smee({
        source,
        target: `${s.selfUrl()}/api/webhooks/github`,
        logger: logger as Console,
      });
      clients.push(client);
      client.start().then(
        () => s.logger.info({ source }, 'relaying GitHub webhooks from smee'),
        (err: unknown) => {
          s.logger.warn({ source, err: String(err) }, 'cannot reach the smee channel; retrying in 30 s');
          void client.stop().catch(() => undefined); // a failed start leaves nothing to stop
          if (stopped) return;
          const timer = setTimeout(() => {
            timers.delete(timer);
            connect(source);
          }, RETRY_MS);
          timers.add(timer);
        },
      );
    });
  };
  const scan = () => {
    for (const p of s.projects.loadedAll()) {
      const url = p.config.github.smeeUrl;
      if (url && !connected.has(url)) {
        connected.add(url);
        connect(url);
      }
    }
  };
  scan();
  // A project registered or reloaded later may bring a channel.
  const unsubscribe = s.bus.subscribe((e) => {
    if (e.type === 'project.added' || e.type === 'project.updated') scan();
  });
  return async () => {
    stopped = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    await Promise.all(clients.map((c) => c.stop()));
  };
}
