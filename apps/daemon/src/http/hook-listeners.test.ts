import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { egressTarget } from './egress-proxy';
import { createHookListeners } from './hook-listeners';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const dataDir = mkdtempSync(join(tmpdir(), 'ao-hook-listeners-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('hook-only listeners', () => {
  it('pass hook routes to the app and answer 404 for everything else; the port stays across restarts', async () => {
    const app = Fastify();
    const hosts: string[] = [];
    app.post('/api/hooks/:id', async (req, reply) => {
      hosts.push(req.headers.host ?? '');
      return reply.code(204).send();
    });
    app.post('/api/hooks/:id/files', async () => ({ ok: true }));
    app.get('/api/sessions', async () => ({ sessions: [] }));
    app.post('/api/mcp', async () => ({ mcp: true }));
    app.put('/api/mcp', async () => ({ mcp: true }));
    app.post('/api/sessions', async () => ({ created: true }));
    await app.ready();
    const open = () =>
      createHookListeners({
        dataDir,
        logger: silent,
        routing: (q, s) => app.routing(q, s),
        ready: Promise.resolve(),
      });

    const listeners = open();
    const port = await listeners.portFor('127.0.0.1');
    await listeners.listen('127.0.0.1');
    await listeners.listen('127.0.0.1'); // idempotent
    const call = (method: string, path: string) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        body: method === 'POST' ? '{}' : undefined,
        headers: { 'content-type': 'application/json', host: 'evil.example' },
      }).then((r) => r.status);
    expect(await call('POST', '/api/hooks/p-1')).toBe(204);
    expect(hosts).toEqual(['127.0.0.1']);
    expect(await call('POST', '/api/hooks/p-1/files')).toBe(200);
    expect(await call('GET', '/api/sessions')).toBe(404);
    expect(await call('POST', '/api/sessions')).toBe(404);
    expect(await call('POST', '/api/hooks/p-1/../../sessions')).toBe(404);
    expect(await call('GET', '/')).toBe(404);
    // MCP (the session's own scoped token, checked by the route) is reachable; other methods on it are not.
    expect(await call('POST', '/api/mcp')).toBe(200);
    expect(await call('PUT', '/api/mcp')).toBe(404);
    expect(await call('POST', '/api/mcpx')).toBe(404);
    await listeners.close();
    await expect(call('POST', '/api/hooks/p-1')).rejects.toThrow();

    // A daemon restart: the same port at the same address (agents keep the URL they were given).
    const again = open();
    expect(await again.portFor('127.0.0.1')).toBe(port);
    expect(JSON.parse(readFileSync(join(dataDir, 'hook-ports.json'), 'utf8'))).toEqual({ '127.0.0.1': port });
    await again.listen('127.0.0.1');
    expect(await call('POST', '/api/hooks/p-2')).toBe(204);
    await again.close();
    await app.close();
  });

  it('reports an address that is not on this machine by its error code', async () => {
    const listeners = createHookListeners({
      dataDir,
      logger: silent,
      routing: () => undefined,
      ready: Promise.resolve(),
    });
    await expect(listeners.listen('192.0.2.254')).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
    await listeners.close();
  });

  it('forwards the egress routes it was given to their upstream only (path, query, body, answer)', async () => {
    const seen: Array<{ url: string; host: string; body: string }> = [];
    const upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        seen.push({ url: req.url ?? '', host: req.headers.host ?? '', body });
        res.writeHead(201, { 'x-up': 'yes' }).end('pong');
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const listeners = createHookListeners({
      dataDir,
      logger: silent,
      routing: (_q, s) => s.writeHead(204).end(),
      ready: Promise.resolve(),
    });
    await listeners.listen('127.0.0.1', { model: `${up}/v1`, down: 'http://127.0.0.1:1' });
    const port = await listeners.portFor('127.0.0.1');
    const res = await fetch(`http://127.0.0.1:${port}/egress/model/messages?beta=true`, {
      method: 'POST',
      body: '{"m":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-up')).toBe('yes');
    expect(await res.text()).toBe('pong');
    expect(seen).toEqual([{ url: '/v1/messages?beta=true', host: new URL(up).host, body: '{"m":1}' }]);
    expect((await fetch(`http://127.0.0.1:${port}/egress/other/x`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/egress/down/x`)).status).toBe(502);
    // Another configuration on the same address adds its routes; one name cannot mean two upstreams.
    await listeners.listen('127.0.0.1', { more: up });
    expect((await fetch(`http://127.0.0.1:${port}/egress/model/x`)).status).toBe(201);
    await expect(listeners.listen('127.0.0.1', { model: 'http://127.0.0.1:2' })).rejects.toThrow(
      /two upstreams/,
    );
    expect(egressTarget('/egress/model/../../etc', new Map([['model', up]]))).toBeNull();
    expect(egressTarget('/egress/model/%2E%2e/etc', new Map([['model', up]]))).toBeNull();
    expect(egressTarget('/egress/model//evil.example/x', new Map([['model', up]]))?.target.host).toBe(
      new URL(up).host,
    );
    await listeners.close();
    upstream.close();
  });
});
