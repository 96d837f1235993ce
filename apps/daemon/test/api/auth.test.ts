import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

describe('auth, Host and Origin checks', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(() => d.stop());

  it('GET /api/health needs no token', async () => {
    const res = await fetch(`${d.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: 'test' });
  });

  it('every other route needs the token', async () => {
    const res = await fetch(`${d.url}/api/sessions`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrong = await fetch(`${d.url}/api/sessions`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await d.api('GET', '/api/sessions')).body).toEqual({ sessions: [] });
  });

  it('the login URL sets an HttpOnly SameSite=Strict cookie that then authenticates', async () => {
    const res = await fetch(d.loginUrl, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/ao_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const pair = cookie.split(';')[0] ?? '';
    const ok = await fetch(`${d.url}/api/auth/me`, { headers: { cookie: pair } });
    expect(ok.status).toBe(200);
    const bad = await fetch(`${d.url}/api/auth/login?token=wrong`, { redirect: 'manual' });
    expect(bad.status).toBe(401);
  });

  it('rejects a foreign Host (DNS rebinding)', async () => {
    // fetch cannot set Host, so use node:http.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${d.url}/api/health`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('rejects a state-changing request from a foreign Origin, even with the cookie', async () => {
    const login = await fetch(d.loginUrl, { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await fetch(`${d.url}/api/sessions`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x' }),
    });
    expect(res.status).toBe(403);
    const noOrigin = await fetch(`${d.url}/api/sessions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x' }),
    });
    expect(noOrigin.status).toBe(403);
  });

  it('answers a bad body with 400 naming the field, and changes nothing', async () => {
    const res = await d.api<{ error: { code: string; field: string } }>('POST', '/api/sessions', {
      prompt: 'x',
      branch: '$(touch /tmp/pwned)',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('branch');
    const unknown = await d.api<{ error: { message: string } }>('POST', '/api/sessions', { promt: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/promt/);
    expect((await d.api('GET', '/api/sessions')).body).toEqual({ sessions: [] });
  });

  it('validates ids in paths', async () => {
    const res = await d.api<{ error: { code: string } }>('GET', '/api/sessions/..%2F..%2Fetc');
    expect(res.status).toBe(400);
    expect((await d.api('GET', '/api/sessions/demo-99')).status).toBe(404);
  });
});
