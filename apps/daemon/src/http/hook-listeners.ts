import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { HookListeners, Logger } from '@ao/shared/plugin';

export interface HookListenerOptions {
  dataDir: string;
  logger: Logger;
  /** The app's router (`app.routing`): an allowed request is handled exactly as on the main listener. */
  routing(req: IncomingMessage, res: ServerResponse): void;
  /** Resolves once the app's routes are all there (its onReady). */
  ready: Promise<void>;
}

/** Only what agents call: `/api/hooks/<session>` and `/api/hooks/<session>/files` (each with its session's secret). */
const HOOK_PATH = /^\/api\/hooks\/[^/?#]+(\/files)?(\?.*)?$/;

/** An ephemeral port free on every address right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'not_found', message: 'only hook routes are served here' } }));
}

/**
 * Extra listeners serving the hook routes only (404 for everything else, so the token-protected API is not even
 * reachable there). Their ports are remembered in `<dataDir>/hook-ports.json`: agents started before a daemon restart
 * keep the URL they were given.
 */
export function createHookListeners(opts: HookListenerOptions): HookListeners & { close(): Promise<void> } {
  const file = join(opts.dataDir, 'hook-ports.json');
  const servers = new Map<string, Promise<Server>>();
  let ports: Promise<Record<string, number>> | null = null;
  let closed = false;

  const remembered = (): Promise<Record<string, number>> => {
    ports ??= Promise.resolve().then(() => {
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
        return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
      } catch {
        return {}; // none yet (or unreadable: new ports are chosen and written)
      }
    });
    return ports;
  };

  async function portFor(host: string): Promise<number> {
    const known = await remembered();
    const port = known[host];
    if (Number.isInteger(port) && (port ?? 0) > 0) return port as number;
    known[host] = await freePort();
    writeFileSync(file, JSON.stringify(known), { mode: 0o600 });
    return known[host] as number;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST' || !HOOK_PATH.test(req.url ?? '')) {
      notFound(res);
      return;
    }
    // The main listener's Host check keeps browsers (DNS rebinding) away from the token-protected API; here only
    // hook routes are served, each proven by its session's secret, and agents call the gateway by its address.
    req.headers.host = '127.0.0.1';
    opts.ready.then(
      () => opts.routing(req, res),
      () => notFound(res),
    );
  }

  async function start(host: string): Promise<Server> {
    const port = await portFor(host);
    const server = createServer(handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    opts.logger.info({ host, port }, 'serving agent hooks on another address');
    return server;
  }

  return {
    portFor,
    async listen(host) {
      if (closed) throw new Error('the daemon is closing');
      let server = servers.get(host);
      if (!server) {
        server = start(host);
        servers.set(host, server);
        server.catch(() => servers.delete(host)); // tried again on the next call
      }
      await server;
    },
    async close() {
      closed = true;
      const all = await Promise.allSettled(servers.values());
      servers.clear();
      await Promise.all(
        all.map((s) =>
          s.status === 'fulfilled'
            ? new Promise<void>((resolve) => {
                s.value.close(() => resolve());
                s.value.closeAllConnections();
              })
            : undefined,
        ),
      );
    },
  };
}
