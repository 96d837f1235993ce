import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { example, sign, signedDelivery } from '@ao/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  MemoryDeliveryLog,
  receiveWebhook,
  resolveWebhookSecret,
  verifyAndParse,
} from '../../src/webhooks';

const SECRET = 'It\u2019s a Secret to Everybody';
const MAX = 1024 * 1024;

describe('verifyAndParse', () => {
  it('accepts a delivery signed over its raw bytes', async () => {
    const payload = example('pull_request', (p) => p.action === 'opened');
    const d = signedDelivery(SECRET, 'pull_request', payload, { id: 'abc-123' });
    const r = await verifyAndParse({ ...d, secret: SECRET, maxBytes: MAX });
    expect(r).toMatchObject({
      ok: true,
      delivery: { id: 'abc-123', event: 'pull_request', action: 'opened' },
    });
  });

  it('rejects a missing signature with 401 even when everything else is fine', async () => {
    const d = signedDelivery(SECRET, 'ping', example('ping'));
    delete d.headers['x-hub-signature-256'];
    d.headers['x-hub-signature'] = 'sha1=0000000000000000000000000000000000000000';
    const r = await verifyAndParse({ ...d, secret: SECRET, maxBytes: MAX });
    expect(r).toMatchObject({ ok: false, status: 401, code: 'missing_signature' });
  });

  it('rejects a signature made with another secret', async () => {
    const d = signedDelivery('another secret', 'ping', example('ping'));
    const r = await verifyAndParse({ ...d, secret: SECRET, maxBytes: MAX });
    expect(r).toMatchObject({ ok: false, status: 401, code: 'bad_signature' });
  });

  it('rejects a body changed after signing', async () => {
    const d = signedDelivery(SECRET, 'ping', example('ping'));
    const tampered = Buffer.from(d.rawBody.toString('utf8').replace('Octocoders', 'Octocoderz'));
    expect(tampered.equals(d.rawBody)).toBe(false);
    const r = await verifyAndParse({ rawBody: tampered, headers: d.headers, secret: SECRET, maxBytes: MAX });
    expect(r).toMatchObject({ ok: false, status: 401, code: 'bad_signature' });
  });

  it('rejects garbage in the signature header', async () => {
    const d = signedDelivery(SECRET, 'ping', example('ping'));
    d.headers['x-hub-signature-256'] = `${d.headers['x-hub-signature-256']}00`;
    expect(await verifyAndParse({ ...d, secret: SECRET, maxBytes: MAX })).toMatchObject({ status: 401 });
  });

  it('checks the signature before the JSON: unsigned garbage is 401, signed garbage 400', async () => {
    const body = Buffer.from('{"zen": "not json');
    const unsigned = signedDelivery('wrong', 'ping', null, { body });
    expect(await verifyAndParse({ ...unsigned, secret: SECRET, maxBytes: MAX })).toMatchObject({
      status: 401,
    });
    const signed = signedDelivery(SECRET, 'ping', null, { body });
    expect(await verifyAndParse({ ...signed, secret: SECRET, maxBytes: MAX })).toMatchObject({
      ok: false,
      status: 400,
      code: 'malformed_json',
    });
    const arr = signedDelivery(SECRET, 'ping', [1, 2]);
    expect(await verifyAndParse({ ...arr, secret: SECRET, maxBytes: MAX })).toMatchObject({
      code: 'malformed_json',
    });
  });

  it('rejects a body over the limit with 413 before checking anything else', async () => {
    const d = signedDelivery(SECRET, 'ping', { zen: 'x'.repeat(2000) });
    const r = await verifyAndParse({ ...d, secret: SECRET, maxBytes: 1000 });
    expect(r).toMatchObject({ ok: false, status: 413, code: 'payload_too_large' });
    const ok = await verifyAndParse({ ...d, secret: SECRET, maxBytes: d.rawBody.length });
    expect(ok.ok).toBe(true);
  });

  it('rejects a signed delivery without delivery id or event', async () => {
    const noId = signedDelivery(SECRET, 'ping', example('ping'));
    delete noId.headers['x-github-delivery'];
    expect(await verifyAndParse({ ...noId, secret: SECRET, maxBytes: MAX })).toMatchObject({
      status: 400,
      code: 'bad_request',
    });
    const noEvent = signedDelivery(SECRET, 'ping', example('ping'));
    delete noEvent.headers['x-github-event'];
    expect(await verifyAndParse({ ...noEvent, secret: SECRET, maxBytes: MAX })).toMatchObject({
      status: 400,
    });
  });

  it('reads headers case-insensitively and from arrays', async () => {
    const d = signedDelivery(SECRET, 'ping', example('ping'), { id: 'id-1' });
    const headers = {
      'X-Hub-Signature-256': [String(d.headers['x-hub-signature-256'])],
      'X-GitHub-Event': 'ping',
      'X-GitHub-Delivery': 'id-1',
    };
    const r = await verifyAndParse({ rawBody: d.rawBody, headers, secret: SECRET, maxBytes: MAX });
    expect(r).toMatchObject({ ok: true, delivery: { id: 'id-1', event: 'ping', action: null } });
  });

  it('refuses to run without a secret', async () => {
    const d = signedDelivery('', 'ping', example('ping'));
    await expect(verifyAndParse({ ...d, secret: '', maxBytes: MAX })).rejects.toThrow(/secret/);
  });
});

describe('receiveWebhook', () => {
  it('processes a delivery once and answers a replay as a duplicate', async () => {
    const log = new MemoryDeliveryLog();
    const d = signedDelivery(
      SECRET,
      'check_run',
      example('check_run', (p) => p.action === 'completed'),
      {
        id: 'replayed-1',
      },
    );
    const first = await receiveWebhook({ ...d, secret: SECRET, maxBytes: MAX }, log);
    expect(first).toMatchObject({ ok: true, status: 202, duplicate: false, fact: { kind: 'check' } });
    const again = await receiveWebhook({ ...d, secret: SECRET, maxBytes: MAX }, log);
    expect(again).toEqual({ ok: true, status: 200, duplicate: true, deliveryId: 'replayed-1' });
    expect([...log.entries.keys()]).toEqual(['replayed-1']);
  });

  it('stores nothing for a rejected delivery', async () => {
    const log = new MemoryDeliveryLog();
    const d = signedDelivery('wrong', 'ping', example('ping'), { id: 'bad-1' });
    const r = await receiveWebhook({ ...d, secret: SECRET, maxBytes: MAX }, log);
    expect(r).toMatchObject({ ok: false, status: 401 });
    expect(log.entries.size).toBe(0);
    // The same id, properly signed, is then accepted: a forged delivery cannot burn a real id.
    const good = signedDelivery(SECRET, 'ping', example('ping'), { id: 'bad-1' });
    expect(await receiveWebhook({ ...good, secret: SECRET, maxBytes: MAX }, log)).toMatchObject({
      status: 202,
    });
  });
});

describe('webhook secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ao-secret-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates 32 random bytes as hex', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it('creates a 0600 file once and reuses it; a configured secret wins', () => {
    const file = join(dir, 'secrets', 'webhook-secret');
    const s = resolveWebhookSecret(undefined, file);
    expect(s).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(s);
    expect(resolveWebhookSecret('', file)).toBe(s);
    expect(resolveWebhookSecret('mine', file)).toBe('mine');
  });

  it('verifies with the generated secret', async () => {
    const secret = resolveWebhookSecret(undefined, join(dir, 'other'));
    const d = signedDelivery(secret, 'ping', example('ping'));
    expect(d.headers['x-hub-signature-256']).toBe(sign(secret, d.rawBody));
    expect((await verifyAndParse({ ...d, secret, maxBytes: MAX })).ok).toBe(true);
  });
});
