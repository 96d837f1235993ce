import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type FakePod, PodStore, type WatchEvent } from './pod-store';
import { apiStatus, SECRET_PATH, secretRoute } from './secret-routes';
import type { FakeSecret } from './secret-store';
import { matchesFields, matchesLabels } from './selectors';
import { createStreamServer } from './stream-ws';
import { selfSignedCert } from './tls';

export type { FakePod } from './pod-store';
export type { FakeSecret } from './secret-store';

export interface FakeKubeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface FakeKubernetes {
  /** `https://127.0.0.1:<port>`: the cluster's server URL (a self-signed certificate, `ca`). */
  url: string;
  /** The server's certificate (PEM), the cluster's CA in the kubeconfig. */
  ca: string;
  token: string;
  /** Every request (watches and stream upgrades included), in order. */
  requests: FakeKubeRequest[];
  pods(namespace: string): FakePod[];
  /** The namespace's Secrets (values base64 in `data`, as the API serves them). */
  secrets(namespace: string): FakeSecret[];
  /** Adds a Secret (plain values) that `secretKeyRef` resolves against, as `kubectl create secret` would. */
  setSecret(namespace: string, name: string, data: Record<string, string>): void;
  /** Writes a kubeconfig for this server (context `fake`, bearer token) and returns its path. */
  writeKubeconfig(path: string, namespace?: string): string;
  /** Ends every open watch (as an API server restart would): clients must watch again and resume. */
  dropWatches(): void;
  /** Forgets the event history: a watch resuming from an older version gets 410 Gone (then clients list again). */
  compact(): void;
  /** How many watches are open now. */
  openWatches(): number;
  close(): Promise<void>;
}

const status = (code: number, reason: string, message: string) => apiStatus(code, reason, message);

const POD_PATH = /^\/api\/v1\/namespaces\/([a-z0-9-]+)\/pods(?:\/([a-z0-9.-]+)(?:\/(log|exec|attach))?)?$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/**
 * A local Kubernetes API server for the real `@kubernetes/client-node`: pods (create, get, list, delete, log), secrets
 * (create, get, list by label, replace, delete; owned ones collected with their pod),
 * `?watch=true` as chunked JSON lines resumable by resourceVersion, and exec/attach over WebSocket
 * (`v4.channel.k8s.io`), over HTTPS with a bearer token. Pods are real local processes (see PodStore): only the cluster is faked.
 */
export async function startFakeKubernetes(
  opts: {
    env?: Record<string, string>;
    /** Run containers in mount namespaces of their own (root only; see `PodStore.isolate`), hiding these paths. */
    isolate?: { hide: string[] };
  } = {},
): Promise<FakeKubernetes> {
  const token = randomBytes(16).toString('hex');
  const store = new PodStore();
  store.isolate = opts.isolate ?? null;
  store.baseEnv = opts.env ?? {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/',
  };
  const streams = createStreamServer(store);
  const requests: FakeKubeRequest[] = [];
  const watches = new Set<ServerResponse>();

  const send = (res: ServerResponse, code: number, body: unknown): number => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return code;
  };

  function watch(res: ServerResponse, ns: string, q: URLSearchParams): void {
    const labels = q.get('labelSelector');
    const fields = q.get('fieldSelector');
    const from = q.get('resourceVersion');
    const matches = (ev: WatchEvent) =>
      ev.object.metadata.namespace === ns &&
      matchesLabels(labels, ev.object.metadata.labels) &&
      matchesFields(fields, ev.object);
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders(); // the API server answers a watch at once, before any event
    const write = (ev: WatchEvent) => res.write(`${JSON.stringify({ type: ev.type, object: ev.object })}\n`);
    if (from === null || from === '' || from === '0') {
      for (const pod of store.list(ns, labels, fields))
        res.write(`${JSON.stringify({ type: 'ADDED', object: pod })}\n`);
    } else if (Number(from) < store.compactedThrough) {
      const gone = status(410, 'Expired', `too old resource version: ${from} (${store.compactedThrough})`);
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
      return;
    } else {
      for (const ev of store.events) if (ev.rv > Number(from) && matches(ev)) write(ev);
    }
    const off = store.subscribe((ev) => {
      if (matches(ev)) write(ev);
    });
    watches.add(res);
    res.on('close', () => {
      off();
      watches.delete(res);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const secret = SECRET_PATH.exec(url.pathname);
    if (secret) {
      const reply = await secretRoute(
        store.secrets,
        req,
        secret,
        url.searchParams,
        () => readBody(req),
        () => store.resourceVersion,
      );
      return send(res, reply.code, reply.body);
    }
    const m = POD_PATH.exec(url.pathname);
    if (!m) return send(res, 404, status(404, 'NotFound', `the server could not find ${url.pathname}`));
    const [, ns = '', name, sub] = m;
    const q = url.searchParams;
    if (name === undefined) {
      if (req.method === 'POST') {
        const body = JSON.parse(await readBody(req)) as FakePod;
        if (store.get(ns, body.metadata?.name ?? '')) {
          send(res, 409, status(409, 'AlreadyExists', `pods "${body.metadata.name}" already exists`));
          return 409;
        }
        return send(res, 201, store.create(ns, body));
      }
      if (req.method === 'GET' && (q.get('watch') === 'true' || q.get('watch') === '1')) {
        watch(res, ns, q);
        return 200;
      }
      if (req.method === 'GET') {
        const items = store.list(ns, q.get('labelSelector'), q.get('fieldSelector'));
        send(res, 200, {
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: { resourceVersion: store.resourceVersion },
          items,
        });
        return 200;
      }
      return send(res, 405, status(405, 'MethodNotAllowed', req.method ?? ''));
    }
    const pod = store.get(ns, name);
    if (!pod) return send(res, 404, status(404, 'NotFound', `pods "${name}" not found`));
    if (sub === 'log' && req.method === 'GET') {
      const text = store.procs.get(pod.metadata.uid)?.log() ?? '';
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(text);
      return 200;
    }
    if (sub === undefined && req.method === 'GET') return send(res, 200, pod);
    if (sub === undefined && req.method === 'DELETE') {
      const body = await readBody(req);
      const grace = Number(
        q.get('gracePeriodSeconds') ?? (body ? JSON.parse(body).gracePeriodSeconds : undefined) ?? 30,
      );
      return send(res, 200, store.delete(ns, name, grace));
    }
    return send(res, 405, status(405, 'MethodNotAllowed', `${req.method} ${sub ?? ''}`));
  }

  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${token}`;
  const tls = await selfSignedCert();
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const entry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    requests.push(entry);
    if (!authorized(req)) {
      entry.status = 401;
      return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    }
    handle(req, res, url).then(
      (code) => {
        entry.status = code;
      },
      (err: Error) => {
        entry.status = 500;
        if (!res.headersSent) send(res, 500, status(500, 'InternalError', err.message));
      },
    );
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: 'UPGRADE',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 101,
    });
    const m = POD_PATH.exec(url.pathname);
    const pod = m?.[1] && m[2] ? store.get(m[1], m[2]) : undefined;
    if (!authorized(req) || !pod || (m?.[3] !== 'exec' && m?.[3] !== 'attach')) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    streams
      .upgrade(req, socket, head, { kind: m[3], pod, query: url.searchParams })
      .catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    ca: tls.cert,
    token,
    requests,
    pods: (ns) => store.list(ns, null, null),
    secrets: (ns) => store.secrets.list(ns, null),
    setSecret(ns, name, data) {
      store.secrets.delete(ns, name);
      store.secrets.create(ns, { metadata: { name }, stringData: data });
    },
    writeKubeconfig(path, namespace = 'default') {
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'fake',
            cluster: { server: url, 'certificate-authority-data': Buffer.from(tls.cert).toString('base64') },
          },
        ],
        users: [{ name: 'fake', user: { token } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace } }],
        'current-context': 'fake',
      };
      writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 });
      return path;
    },
    dropWatches() {
      for (const res of watches) res.destroy();
      watches.clear();
    },
    openWatches: () => watches.size,
    compact: () => store.compact(),
    async close() {
      for (const res of watches) res.destroy();
      for (const ws of streams.wss.clients) ws.terminate();
      store.killAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
