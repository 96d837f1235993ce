import { createHmac } from 'node:crypto';
import type { Session } from '@ao/shared/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { errorLogs, type FastDaemon, startFast } from './harness';

type Err = { error: { code: string; message: string; field?: string } };

describe('the routes that call in: agent hooks, GitHub webhooks, the terminal WebSocket', () => {
  let d: FastDaemon;
  let live: Session;
  let killed: Session;
  beforeAll(async () => {
    d = await startFast();
    live = await d.spawn({ prompt: 'live session' });
    killed = await d.spawn({ prompt: 'killed session' });
    expect((await d.inject('POST', `/api/sessions/${killed.id}/kill`, {})).status).toBe(200);
  });
  afterAll(async () => {
    expect(errorLogs(d)).toEqual([]);
    await d.close();
  });

  it('POST /api/hooks/:sessionId: 404 unknown session, 401 wrong secret, 204 with the right one', async () => {
    const secret = d.agent.launches.find((l) => l.sessionId === live.id)?.hookSecret ?? '';
    const hook = (id: string, key: string | null, body: unknown = { event: 'tool' }) =>
      d.inject<Err>('POST', `/api/hooks/${id}`, body, {
        auth: false,
        headers: key === null ? {} : { 'x-ao-hook-secret': key },
      });
    expect((await hook('fast-999', secret)).status).toBe(404);
    expect((await hook('../../etc', secret)).status).toBe(404);
    expect((await hook(live.id, null)).status).toBe(401);
    expect((await hook(live.id, 'x'.repeat(secret.length))).status).toBe(401);
    expect((await hook(live.id, 'x'.repeat(201))).status).toBe(400);
    expect((await hook(live.id, secret)).status).toBe(204);
    expect((await d.get(live.id)).activity).toBe('working');
  });

  it('webhooks: 401 unsigned or badly signed, 202 recorded, 200 for a duplicate; GET /api/github/webhook', async () => {
    const info = await d.inject<{ secret: string; path: string; events: string[] }>(
      'GET',
      '/api/github/webhook',
    );
    expect(info.status).toBe(200);
    expect(info.body.path).toBe('/api/webhooks/github');
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const sign = (secret: string, raw: string) =>
      `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    const deliver = (signature: string | null, id = 'delivery-1') =>
      d.inject<Err>('POST', '/api/webhooks/github', undefined, {
        auth: false,
        raw: body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'ping',
          'x-github-delivery': id,
          ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
        },
      });
    expect((await deliver(null)).body.error.code).toBe('missing_signature');
    const forged = await deliver(sign('not-the-secret', body));
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('bad_signature');
    expect(d.app.db.$client.prepare('SELECT count(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 0 });
    const ok = await deliver(sign(info.body.secret, body));
    expect(ok.status).toBe(202);
    expect(ok.body).toEqual({ ok: true, kind: 'ping' });
    const dup = await deliver(sign(info.body.secret, body));
    expect(dup.status).toBe(200);
    expect(dup.body).toEqual({ ok: true, duplicate: true });
  });

  it('the terminal WebSocket: closes 4404 for an unknown session, streams a live one both ways', async () => {
    const open = (id: string) =>
      d.app.injectWS(`/api/sessions/${id}/terminal`, {
        headers: { host: 'localhost', authorization: `Bearer ${d.token}` },
      });
    const closed = (ws: WebSocket) =>
      new Promise<number>((resolve) => ws.on('close', (code: number) => resolve(code)));
    const plain = await d.inject<Err>('GET', `/api/sessions/${live.id}/terminal`);
    expect(plain.status).toBe(426);
    expect(plain.body.error.message).toContain('WebSocket');
    const unknown = await open('fast-999');
    expect(await closed(unknown)).toBe(4404);
    const dead = await open(killed.id);
    expect(await closed(dead)).toBe(4410);

    const ws = await open(live.id);
    const received: string[] = [];
    ws.on('message', (data: Buffer) => received.push(data.toString()));
    await d.until(() => d.runtime.get(live.id).terminals.size === 1, 'terminal opened');
    d.runtime.print(live.id, 'streamed output');
    await d.until(() => received.join('').includes('streamed output'), 'output on the socket');
    ws.send(JSON.stringify({ type: 'input', data: 'typed in the browser' }));
    ws.send('not json: ignored');
    await d.until(() => d.runtime.typed(live.id).includes('typed in the browser'), 'input typed');
    // An abrupt end (injectWS's in-memory socket never finishes a polite close handshake): the stream is released.
    ws.terminate();
    await d.until(() => d.runtime.get(live.id).terminals.size === 0, 'terminal closed');
  });
});
