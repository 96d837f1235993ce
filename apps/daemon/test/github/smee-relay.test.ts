import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { example, makeProject, type ProjectFixture, sign, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries } from '../../src/db/schema';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/** A stand-in for a smee.io channel: an SSE stream whose messages carry GitHub's headers and the JSON body. */
function startChannel() {
  const clients = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('event: ready\ndata: {}\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
  });
  return new Promise<{ url: string; clients: Set<ServerResponse>; push(m: object): void; close(): void }>(
    (resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          url: `http://127.0.0.1:${port}/channel-abc`,
          clients,
          push: (m) => {
            for (const c of clients) c.write(`data: ${JSON.stringify(m)}\n\n`);
          },
          close: () => {
            for (const c of clients) c.end();
            server.close();
          },
        });
      }),
  );
}

describe('smee.io relaying (github.smeeUrl)', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  let channel: Awaited<ReturnType<typeof startChannel>>;
  beforeAll(async () => {
    channel = await startChannel();
    p = await makeProject('smee', { github: { smeeUrl: channel.url } });
    const dataDir = mkdtempSync(join(tmpdir(), 'ao-smee-'));
    d = await startTestDaemon({ dataDir });
    await d.api('POST', '/api/projects', { configPath: p.configPath });
    await d.stop();
    // Relays start with the daemon, for the projects it knows.
    d = await startTestDaemon({ dataDir });
  });
  afterAll(async () => {
    await d.stop();
    rmSync(d.dataDir, { recursive: true, force: true });
    channel.close();
    p.cleanup();
  });

  it('forwards signed deliveries from the channel to the webhook route, where they are verified', async () => {
    await waitFor(() => channel.clients.size > 0, 'the daemon connects to the channel');
    const secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
    const body = example('ping');
    const raw = Buffer.from(JSON.stringify(body));
    const headers = {
      'x-github-event': 'ping',
      'x-github-delivery': 'smee-delivery-1',
      'x-hub-signature-256': sign(secret, raw),
      'content-type': 'application/json',
    };
    channel.push({ ...headers, body, query: {}, timestamp: Date.now() });
    await waitFor(
      () =>
        d.app.db
          .select()
          .from(webhookDeliveries)
          .all()
          .some((r) => r.id === 'smee-delivery-1'),
      'relayed delivery recorded',
    );
    // A forged one through the same channel is rejected like any other.
    channel.push({
      ...headers,
      'x-github-delivery': 'smee-forged',
      'x-hub-signature-256': sign('nope', raw),
      body,
    });
    await new Promise((r) => setTimeout(r, 800));
    expect(
      d.app.db
        .select()
        .from(webhookDeliveries)
        .all()
        .map((r) => r.id),
    ).not.toContain('smee-forged');
  });
});
