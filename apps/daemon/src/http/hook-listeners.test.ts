import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
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
});
