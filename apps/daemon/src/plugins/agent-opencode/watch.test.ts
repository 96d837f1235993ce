import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentObservation, Logger } from '@ao/shared/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { basicAuth, freePort, writeServerInfo } from './server-info';
import { watchOpencode } from './watch';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/agents', import.meta.url));
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const dir = mkdtempSync(join(tmpdir(), 'ao-opencode-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitFor(label: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fake opencode server: `GET /event` with basic auth, streaming the given SSE text, then holding the stream. */
function fakeServer(port: number, auth: string, body: string) {
  const streams: ServerResponse[] = [];
  let unauthorized = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/event') return void res.writeHead(404).end();
    if (req.headers.authorization !== auth) {
      unauthorized++;
      return void res.writeHead(401).end();
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(body);
    streams.push(res);
  });
  return {
    streams,
    unauthorized: () => unauthorized,
    listen: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
    close: () =>
      new Promise<void>((r) => {
        for (const s of streams) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('watchOpencode against a fake opencode server', () => {
  it('connects once the server is up, maps the stream, reconnects after a drop', async () => {
    const port = await freePort();
    const info = { url: `http://127.0.0.1:${port}`, username: 'opencode', password: 'pw-123' };
    await writeServerInfo(dir, info);
    const recorded = readFileSync(join(FIXTURES, 'opencode-events.sse'), 'utf8');
    const seen: AgentObservation[] = [];
    const ctx = {
      sessionId: 'ao-2',
      cwd: '/w',
      sessionDir: dir,
      agentSessionId: null,
      pid: null,
      capture: async () => '',
      logger: silent,
    };
    const watcher = watchOpencode(ctx, (o) => seen.push(o), { retryMs: 100 });
    // The watcher starts before the agent's server exists (as after a launch): it must retry.
    await new Promise((r) => setTimeout(r, 300));
    const server = fakeServer(port, basicAuth(info), recorded);
    await server.listen();
    try {
      await waitFor('idle from the stream', () => seen.some((o) => o.signal?.activity === 'idle'));
      expect(seen.find((o) => o.agentSessionId)?.agentSessionId).toBe('ses_df54e4f24ffewh41BIBU8knRXT');
      expect(seen.some((o) => o.userTurn?.text === 'fix the bug')).toBe(true);

      // The connection drops; the watcher reconnects and keeps following the same session.
      const before = server.streams.length;
      for (const s of server.streams) s.destroy();
      await waitFor('reconnect', () => server.streams.length > before);
      const live = server.streams.at(-1);
      live?.write(
        'data: {"id":"e1","type":"session.status","properties":{"sessionID":"ses_df54e4f24ffewh41BIBU8knRXT","status":{"type":"busy"}}}\n\n',
      );
      await waitFor('busy after reconnect', () => seen.at(-1)?.signal?.detail === 'session busy');
      expect(server.unauthorized()).toBe(0);
    } finally {
      watcher.close();
      await server.close();
    }
  });

  it('does not follow a server that rejects its credentials', async () => {
    const port = await freePort();
    await writeServerInfo(dir, { url: `http://127.0.0.1:${port}`, username: 'opencode', password: 'wrong' });
    const server = fakeServer(
      port,
      basicAuth({ url: '', username: 'opencode', password: 'right' }),
      'data: {}\n\n',
    );
    await server.listen();
    const seen: AgentObservation[] = [];
    const ctx = {
      sessionId: 'ao-3',
      cwd: '/w',
      sessionDir: dir,
      agentSessionId: null,
      pid: null,
      capture: async () => '',
      logger: silent,
    };
    const watcher = watchOpencode(ctx, (o) => seen.push(o), { retryMs: 50 });
    try {
      await waitFor('a rejected attempt', () => server.unauthorized() > 0);
      expect(seen).toEqual([]);
    } finally {
      watcher.close();
      await server.close();
    }
  });
});
