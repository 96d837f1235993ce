import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { HookListeners, Logger } from '@ao/shared/plugin';
import { egressTarget, proxyTo } from './egress-proxy';

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
/** ao's MCP endpoint (Streamable HTTP: POST, GET for its stream, DELETE), for the session's own scoped token. */
const MCP_PATH = /^\/api\/mcp(\?.*)?$/;

/** What an agent may call at a hook listener; everything else is a 404. */
function allowed(method: string | undefined, url: string): boolean {
  if (HOOK_PATH.test(url)) return method === 'POST';
  return MCP_PATH.test(url) && (method === 'POST' || method === 'GET' || method === 'DELETE');
}

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
  res.end(
    JSON.stringify({ error: { code: 'not_found', message: 'only hook and MCP routes are served here' } }),
  );
}

/**
 * Extra listeners serving the hook routes and MCP only (404 for everything else, so the token-protected API is not even
 * reachable there), plus the egress routes a runtime names (reverse proxies to fixed upstreams). Their ports are remembered in `<dataDir>/hook-ports.json`: agents started before a daemon restart
 * keep the URL they were given.
 */
export function createHookListeners(opts: HookListenerOptions): HookListeners & { close(): Promise<void> } {
  const file = join(opts.dataDir, 'hook-ports.json');
  const servers = new Map<string, Promise<Server>>();
  /** Egress routes per listening address: name → upstream base URL. */
  const egress = new Map<string, Map<string, string>>();
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

  function handle(host: string, req: IncomingMessage, res: ServerResponse): void {
    const out = egressTarget(req.url ?? '', egress.get(host) ?? new Map());
    if (out) {
      proxyTo(out.target, req, res);
      return;
    }
    if (!allowed(req.method, req.url ?? '')) {
      notFound(res);
      return;
    }
    // The main listener's Host check keeps browsers (DNS rebinding) away from the token-protected API; here only
    // hook routes (each proven by its session's secret) and MCP (a session's scoped token) are served, and agents
    // call the gateway by its address.
    req.headers.host = '127.0.0.1';
    opts.ready.then(
      () => opts.routing(req, res),
      () => notFound(res),
    );
  }

  async function start(host: string): Promise<Server> {
    const port = await portFor(host);
    const server = createServer((req, res) => handle(host, req, res));
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
    async listen(host, routes) {
      if (closed) throw new Error('the daemon is closing');
      // Several runtime configurations may share the address: their routes add up, a name means one upstream.
      const known = egress.get(host) ?? new Map<string, string>();
      for (const [name, url] of Object.entries(routes ?? {})) {
        const had = known.get(name);
        if (had !== undefined && had !== url) {
          throw new Error(
            `egress "${name}" is configured with two upstreams (${had}, ${url}); give them two names`,
          );
        }
        known.set(name, url);
      }
      egress.set(host, known);
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
