import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request a fake tracker received; header names are lower-case. */
export interface TrackerRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

export interface HttpFake {
  url: string;
  requests: TrackerRequest[];
  /** While true, requests are held open and never answered (an API that hangs: clients must time out). */
  hang: boolean;
  close(): Promise<void>;
}

export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
export type FakeHandler = (req: Omit<TrackerRequest, 'status'>) => FakeReply | Promise<FakeReply>;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A loopback HTTP server answering with `handle`, recording every request; `hang` holds requests open. */
export async function startHttpFake(handle: FakeHandler): Promise<HttpFake> {
  const sockets = new Set<Socket>();
  const fake: HttpFake = {
    url: '',
    requests: [],
    hang: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const seen = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: await readBody(req),
    };
    if (fake.hang) return void fake.requests.push({ ...seen, status: 0 });
    const out = await handle(seen);
    fake.requests.push({ ...seen, status: out.status });
    send(res, out.status, out.body, out.headers);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
