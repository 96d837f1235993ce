import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '@ao/shared/api';
import type { Message, Session } from '@ao/shared/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLogs, type FastDaemon, startFast } from './harness';

type Err = { error: { code: string; message: string; field?: string } };

describe('every route: status codes, the field named in a 400, 404 for unknown sessions, 409 for illegal moves', () => {
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

  /** Expects a 400 whose error names `field`. */
  const bad = async (method: string, url: string, body: unknown, field: string) => {
    const res = await d.inject<Err>(method, url, body);
    expect(res.status, `${method} ${url} ${JSON.stringify(body)}: ${res.text}`).toBe(400);
    expect(res.body.error.field).toBe(field);
    return res;
  };
  const unknownSession = async (method: string, path: string, body?: unknown) => {
    const res = await d.inject<Err>(method, path.replace(':id', 'fast-999'), body);
    expect(res.status, `${method} ${path}: ${res.text}`).toBe(404);
    expect(res.body.error.code).toBe('session_not_found');
    const malformed = await d.inject<Err>(method, path.replace(':id', 'NOT_AN_ID'), body);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('id');
  };

  it('health needs no token; everything else under /api does', async () => {
    const health = await d.inject('GET', '/api/health', undefined, { auth: false });
    expect(health).toMatchObject({ status: 200, body: { ok: true, version: 'fast-test' } });
    for (const [method, url] of [
      ['GET', '/api/sessions'],
      ['GET', '/api/events'],
      ['POST', '/api/sessions'],
      ['GET', '/api/projects'],
      ['GET', '/api/log'],
      ['GET', '/api/auth/me'],
      ['GET', '/api/github/webhook'],
    ] as const) {
      const none = await d.inject<Err>(method, url, undefined, { auth: false });
      expect(none.status, `${method} ${url}`).toBe(401);
      const wrong = await d.inject<Err>(method, url, undefined, {
        auth: false,
        headers: { authorization: 'Bearer not-the-token' },
      });
      expect(wrong.status, `${method} ${url}`).toBe(401);
    }
    const host = await d.inject<Err>('GET', '/api/health', undefined, { headers: { host: 'evil.example' } });
    expect(host.status).toBe(403);
    const origin = await d.inject<Err>(
      'POST',
      '/api/sessions',
      { prompt: 'x' },
      {
        headers: { origin: 'http://evil.example' },
      },
    );
    expect(origin.status).toBe(403);
  });

  it('login and logout: cookie for the right token only, bodies checked', async () => {
    const wrong = await d.inject<Err>('GET', '/api/auth/login?token=nope', undefined, { auth: false });
    expect(wrong.status).toBe(401);
    const right = await d.inject('GET', `/api/auth/login?token=${d.token}`, undefined, { auth: false });
    expect(right.status).toBe(303);
    expect(String(right.headers['set-cookie'])).toContain('ao_token=');
    expect((await d.inject('POST', '/api/auth/login', { token: d.token }, { auth: false })).status).toBe(204);
    expect((await d.inject('POST', '/api/auth/login', { token: 'x' }, { auth: false })).status).toBe(401);
    const noToken = await d.inject<Err>('POST', '/api/auth/login', {}, { auth: false });
    expect(noToken.status).toBe(400);
    expect(noToken.body.error.field).toBe('token');
    const extra = await d.inject<Err>(
      'POST',
      '/api/auth/login',
      { token: 'x', admin: true },
      { auth: false },
    );
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('admin');
    expect((await d.inject('POST', '/api/auth/logout')).status).toBe(204);
    expect((await d.inject('GET', '/api/auth/me')).body).toEqual({ ok: true });
  });

  it('projects: list, add (400 naming the field or the config key), reload', async () => {
    const list = await d.inject<{ projects: Project[] }>('GET', '/api/projects');
    expect(list.body.projects).toMatchObject([{ id: 'fast', agent: 'fake', runtime: 'fake', error: null }]);
    await bad('POST', '/api/projects', {}, 'configPath');
    await bad('POST', '/api/projects', { configPath: 7 }, 'configPath');
    await bad('POST', '/api/projects', { configPath: '/x', other: 1 }, 'other');
    // Not a regular file: a device would be read for ever (the daemon runs out of memory), a FIFO would block it.
    const device = await d.inject<Err>('POST', '/api/projects', { configPath: '/dev/zero' });
    expect(device.status).toBe(400);
    expect(device.body.error.message).toContain('not a regular file');
    const huge = join(d.repo, 'huge.yaml');
    writeFileSync(huge, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const tooBig = await d.inject<Err>('POST', '/api/projects', { configPath: huge });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toContain('larger than 1 MiB');
    const missing = await d.inject<Err>('POST', '/api/projects', { configPath: join(d.repo, 'nope.yaml') });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('cannot read');
    const broken = join(d.repo, 'broken.yaml');
    writeFileSync(broken, 'project: { id: other, name: Other }\nagent: nonexistent\n');
    const badPlugin = await d.inject<Err>('POST', '/api/projects', { configPath: broken });
    expect(badPlugin.status).toBe(400);
    expect(badPlugin.body.error.field).toBe('agent');
    const again = await d.inject<{ project: Project }>('POST', '/api/projects', { configPath: d.configPath });
    expect(again.status).toBe(201);
    expect(again.body.project.id).toBe('fast');
  });

  it('issues: 404 for an unknown project, 400 naming the key when it has no tracker', async () => {
    const unknown = await d.inject<Err>('GET', '/api/projects/nope/issues');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('project_not_found');
    await bad('GET', '/api/projects/NOPE!/issues', undefined, 'id');
    await bad('GET', '/api/projects/fast/issues', undefined, 'tracker');
  });

  it('the daemon log: text, bytes checked', async () => {
    const log = await d.inject('GET', '/api/log?bytes=100');
    expect(log.status).toBe(200);
    expect(String(log.headers['content-type'])).toContain('text/plain');
    await bad('GET', '/api/log?bytes=0', undefined, 'bytes');
    await bad('GET', '/api/log?bytes=abc', undefined, 'bytes');
  });

  it('GET /api/sessions: all, by project, the project id checked', async () => {
    const all = await d.inject<{ sessions: Session[] }>('GET', '/api/sessions');
    expect(all.body.sessions.map((s) => s.id)).toEqual([live.id, killed.id]);
    const mine = await d.inject<{ sessions: Session[] }>('GET', '/api/sessions?project=fast');
    expect(mine.body.sessions).toHaveLength(2);
    const none = await d.inject<{ sessions: Session[] }>('GET', '/api/sessions?project=other');
    expect(none.body.sessions).toEqual([]);
    await bad('GET', '/api/sessions?project=Not%20An%20Id', undefined, 'project');
  });

  it('GET /api/sessions/:id', async () => {
    const one = await d.inject<{ session: Session }>('GET', `/api/sessions/${live.id}`);
    expect(one.body.session).toMatchObject({ id: live.id, status: 'running', project: 'fast' });
    await unknownSession('GET', '/api/sessions/:id');
  });

  it('POST /api/sessions: each bad field named; unknown project 404; unknown plugin 400; nothing written', async () => {
    const changes = d.app.db.$client.prepare('SELECT total_changes()').pluck();
    const before = changes.get();
    await bad('POST', '/api/sessions', {}, 'prompt');
    await bad('POST', '/api/sessions', { prompt: '' }, 'prompt');
    await bad('POST', '/api/sessions', { prompt: '  \n ' }, 'prompt');
    await bad('POST', '/api/sessions', { prompt: 42 }, 'prompt');
    await bad('POST', '/api/sessions', { prompt: 'x', sudo: true }, 'sudo');
    await bad('POST', '/api/sessions', { prompt: 'x', branch: 'a;rm -rf ~' }, 'branch');
    await bad('POST', '/api/sessions', { prompt: 'x', branch: '../escape' }, 'branch');
    await bad('POST', '/api/sessions', { prompt: 'x', project: 'BAD ID' }, 'project');
    await bad('POST', '/api/sessions', { prompt: 'x', issue: 'twelve' }, 'issue');
    await bad('POST', '/api/sessions', { prompt: 'x', issue: 12 }, 'tracker');
    await bad('POST', '/api/sessions', { prompt: 'x', issue: 'eng-12' }, 'issue');
    await bad('POST', '/api/sessions', { prompt: 'x', issue: 'ENG-12; reboot' }, 'issue');
    await bad('POST', '/api/sessions', { prompt: 'x', issue: 'ENG-12' }, 'tracker');
    await bad('POST', '/api/sessions', { prompt: 'x', agent: 'nope' }, 'agent');
    await bad('POST', '/api/sessions', { prompt: 'x', runtime: 'nope' }, 'runtime');
    // A known agent the project has no settings for (generic needs its command): refused before anything is written.
    const unset = await bad('POST', '/api/sessions', { prompt: 'x', agent: 'generic' }, 'agent');
    expect(unset.body.error.message).toContain('agents.generic');
    await bad('POST', '/api/sessions', [1, 2], 'body');
    const notJson = await d.inject<Err>('POST', '/api/sessions', undefined, {
      raw: '{"prompt": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    const project = await d.inject<Err>('POST', '/api/sessions', { prompt: 'x', project: 'other' });
    expect(project.status).toBe(404);
    expect(project.body.error.code).toBe('project_not_found');
    const taken = await d.inject<Err>('POST', '/api/sessions', { prompt: 'x', branch: live.branch });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain(`already used by session ${live.id}`);
    // None of the refused requests wrote anything: no session left behind, no session number used up.
    expect(changes.get()).toBe(before);
    const all = await d.inject<{ sessions: Session[] }>('GET', '/api/sessions');
    expect(all.body.sessions).toHaveLength(2);
  });

  it('POST /api/sessions/:id/send: message checked, 404, 409 when not running', async () => {
    await bad('POST', `/api/sessions/${live.id}/send`, {}, 'message');
    await bad('POST', `/api/sessions/${live.id}/send`, { message: '' }, 'message');
    // Blank text starts no turn in any agent: it could never be confirmed (a 502 after 13 s), so it is refused.
    await bad('POST', `/api/sessions/${live.id}/send`, { message: ' \n\t ' }, 'message');
    await bad('POST', `/api/sessions/${live.id}/send`, { message: 'x'.repeat(100_001) }, 'message');
    await bad('POST', `/api/sessions/${live.id}/send`, { message: 'x', to: 'all' }, 'to');
    await unknownSession('POST', '/api/sessions/:id/send', { message: 'hi' });
    const dead = await d.inject<Err>('POST', `/api/sessions/${killed.id}/send`, { message: 'hi' });
    expect(dead.status).toBe(409);
    expect(dead.body.error.message).toContain('is killed: restore it before sending');
  });

  it('GET /api/sessions/:id/messages', async () => {
    const res = await d.inject<{ messages: Message[] }>('GET', `/api/sessions/${live.id}/messages`);
    expect(res.body.messages).toMatchObject([{ kind: 'prompt', text: 'live session', state: 'sending' }]);
    const dropped = await d.inject<{ messages: Message[] }>('GET', `/api/sessions/${killed.id}/messages`);
    expect(dropped.body.messages).toMatchObject([
      { kind: 'prompt', state: 'dropped', detail: 'the session was killed before the agent took it' },
    ]);
    await unknownSession('GET', '/api/sessions/:id/messages');
  });

  it('POST /api/sessions/:id/kill: body checked, 404; killing twice is harmless', async () => {
    await bad('POST', `/api/sessions/${live.id}/kill`, { removeWorktree: 'yes' }, 'removeWorktree');
    await bad('POST', `/api/sessions/${live.id}/kill`, { now: true }, 'now');
    await unknownSession('POST', '/api/sessions/:id/kill', {});
    const again = await d.inject<{ session: Session }>('POST', `/api/sessions/${killed.id}/kill`, {});
    expect(again.status).toBe(200);
    expect(again.body.session.status).toBe('killed');
    expect((await d.get(live.id)).status).toBe('running');
  });

  it('POST /api/sessions/:id/restore: 409 while it runs, 404', async () => {
    const running = await d.inject<Err>('POST', `/api/sessions/${live.id}/restore`);
    expect(running.status).toBe(409);
    await unknownSession('POST', '/api/sessions/:id/restore');
  });

  it('POST /api/sessions/:id/approve: 409 when not waiting or not running, 404', async () => {
    const notWaiting = await d.inject<Err>('POST', `/api/sessions/${live.id}/approve`);
    expect(notWaiting.status).toBe(409);
    const dead = await d.inject<Err>('POST', `/api/sessions/${killed.id}/approve`);
    expect(dead.status).toBe(409);
    expect(dead.body.error.message).toContain('is not running');
    await unknownSession('POST', '/api/sessions/:id/approve');
  });

  it('POST /api/sessions/:id/merge: method checked, 409 without a PR, 404', async () => {
    await bad('POST', `/api/sessions/${live.id}/merge`, { method: 'octopus' }, 'method');
    const noPr = await d.inject<Err>('POST', `/api/sessions/${live.id}/merge`, {});
    expect(noPr.status).toBe(409);
    expect(noPr.body.error.message).toContain('has no pull request');
    await unknownSession('POST', '/api/sessions/:id/merge', {});
  });

  it('GET /api/sessions/:id/output, /attach, /log', async () => {
    d.runtime.print(live.id, 'hello from the agent\n');
    const out = await d.inject<{ text: string }>('GET', `/api/sessions/${live.id}/output?lines=10`);
    expect(out.body.text).toContain('hello from the agent');
    await bad('GET', `/api/sessions/${live.id}/output?lines=0`, undefined, 'lines');
    await bad('GET', `/api/sessions/${live.id}/output?lines=10001`, undefined, 'lines');
    await unknownSession('GET', '/api/sessions/:id/output');
    // A killed session's runtime session is gone with it: nothing to show, not an internal error.
    const none = await d.inject<{ text: string }>('GET', `/api/sessions/${killed.id}/output`);
    expect(none.status).toBe(200);
    expect(none.body.text).toBe('');

    const attach = await d.inject('GET', `/api/sessions/${live.id}/attach`);
    expect(attach.body).toEqual({ command: ['fake-attach', live.id], live: true });
    const gone = await d.inject('GET', `/api/sessions/${killed.id}/attach`);
    expect(gone.body).toEqual({ command: null, live: false });
    await unknownSession('GET', '/api/sessions/:id/attach');

    const log = await d.inject('GET', `/api/sessions/${live.id}/log?bytes=10`);
    expect(log.status).toBe(200);
    await bad('GET', `/api/sessions/${live.id}/log?bytes=-1`, undefined, 'bytes');
    await unknownSession('GET', '/api/sessions/:id/log');
  });

  it('unknown routes are a JSON 404; URLs Fastify itself refuses get the same coded error', async () => {
    const res = await d.inject<Err>('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const badEncoding = await d.inject<Err>('GET', '/api/sessions/%zz');
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.body.error.code).toBe('bad_request');
    const longParam = await d.inject<Err>('GET', `/api/sessions/${'x'.repeat(150)}`);
    expect(longParam.status).toBe(414);
    expect(longParam.body.error.code).toBe('bad_request');
  });
});
