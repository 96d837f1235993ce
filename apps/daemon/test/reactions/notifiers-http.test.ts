import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Notification, PluginContext } from '@ao/shared/plugin';
import { afterEach, describe, expect, it } from 'vitest';
import { notifierSlack } from '../../src/plugins/notifier-slack';
import { slackLink } from '../../src/plugins/notifier-slack/blocks';
import { notifierWebhook } from '../../src/plugins/notifier-webhook';
import { exec } from '../../src/util/exec';
import { type Receiver, silentLogger, startReceiver } from './http-receiver';

const ctx: PluginContext = { dataDir: '/nonexistent', logger: silentLogger, exec };
const SECRET = 'a-webhook-secret-of-some-length';

const note: Notification = {
  id: 'demo-1:ci_failed:abc:escalated',
  priority: 'urgent',
  title: 'demo-1 needs you: CI <still> failing',
  body: 'lint & test failed\n- test (failure)',
  url: 'https://github.com/o/r/pull/12',
  sessionId: 'demo-1',
};

let receivers: Receiver[] = [];
async function receiver(statuses: number[], reply?: string) {
  const r = await startReceiver(statuses, reply);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

describe('webhook notifier', () => {
  const make = (url: string, over: Record<string, unknown> = {}) =>
    notifierWebhook.create(
      notifierWebhook.configSchema.parse({ url, secret: SECRET, baseDelayMs: 20, maxDelayMs: 100, ...over }),
      ctx,
    );

  it('POSTs signed JSON, retrying 5xx with backoff until it succeeds', async () => {
    const r = await receiver([503, 502, 200]);
    const started = Date.now();
    await make(r.url).send(note);
    expect(r.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40 - 5); // two backoffs: 20 ms, then 40 ms
    const last = r.requests[2];
    if (!last) throw new Error('no request');
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({
      type: 'ao.notification',
      id: note.id,
      priority: 'urgent',
      sessionId: 'demo-1',
    });
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['x-ao-notification-id']).toBe(note.id);
    const expected = `sha256=${createHmac('sha256', SECRET).update(last.body).digest('hex')}`;
    const got = String(last.headers['x-ao-signature']);
    expect(timingSafeEqual(Buffer.from(got), Buffer.from(expected))).toBe(true);
  });

  it('gives up after the bounded number of attempts', async () => {
    const r = await receiver([500]);
    await expect(make(r.url, { attempts: 3 }).send(note)).rejects.toThrow(/500/);
    expect(r.requests).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    const r = await receiver([404]);
    await expect(make(r.url).send(note)).rejects.toThrow(/404/);
    expect(r.requests).toHaveLength(1);
  });

  it('retries network errors (nothing listening)', async () => {
    const r = await receiver([200]);
    const dead = r.url;
    await r.close();
    receivers = [];
    await expect(make(dead, { attempts: 2 }).send(note)).rejects.toThrow(/POST failed/);
  });

  it('refuses a config without a secret', () => {
    expect(notifierWebhook.configSchema.safeParse({ url: 'http://127.0.0.1/x' }).success).toBe(false);
  });
});

describe('slack notifier', () => {
  const make = (url: string) =>
    notifierSlack.create(notifierSlack.configSchema.parse({ webhookUrl: url, baseDelayMs: 10 }), ctx);

  it('posts readable blocks with an escaped body and a link', async () => {
    const r = await receiver([200]);
    await make(r.url).send(note);
    expect(r.requests).toHaveLength(1);
    const msg = JSON.parse(r.requests[0]?.body ?? '{}');
    expect(msg.text).toContain('CI &lt;still&gt; failing');
    expect(msg.text).toContain('<https://github.com/o/r/pull/12|Open>');
    const [header, section, link, context] = msg.blocks;
    expect(header).toMatchObject({ type: 'header', text: { type: 'plain_text', text: note.title } });
    expect(section.text.text).toBe('lint &amp; test failed\n- test (failure)');
    expect(link.text.text).toBe('<https://github.com/o/r/pull/12|Open>');
    expect(context.elements[0].text).toContain('session `demo-1`');
  });

  it('retries a rate limit (429) and fails on invalid_payload (400)', async () => {
    const ok = await receiver([429, 200]);
    await make(ok.url).send(note);
    expect(ok.requests).toHaveLength(2);
    const bad = await receiver([400]);
    await expect(make(bad.url).send(note)).rejects.toThrow(/400/);
    expect(bad.requests).toHaveLength(1);
  });

  it('drops links that are not http(s) and encodes link-breaking characters', () => {
    expect(slackLink('javascript:alert(1)', 'x')).toBeNull();
    expect(slackLink('not a url', 'x')).toBeNull();
    expect(slackLink('https://e.com/a|b>c', 'go')).toBe('<https://e.com/a%7Cb%3Ec|go>');
  });
});
