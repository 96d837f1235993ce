import type { Session } from '@ao/shared/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLogs, type FastDaemon, startFast } from './harness';

type Err = { error: { code: string; message: string } };

describe('POST /api/sessions/:id/open-terminal', () => {
  let d: FastDaemon;
  let live: Session;
  beforeAll(async () => {
    d = await startFast();
    live = await d.spawn({ prompt: 'open me' });
  });
  afterAll(async () => {
    expect(errorLogs(d)).toEqual([]);
    await d.close();
  });
  const open = (id: string, opts: Parameters<FastDaemon['inject']>[3] = {}) =>
    d.inject<Err & { terminal: string }>('POST', `/api/sessions/${id}/open-terminal`, {}, opts);

  it("opens the runtime's attach command in the project's terminal, titled with the session id", async () => {
    const res = await open(live.id);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ terminal: 'fake' });
    expect(d.terminal.opened).toHaveLength(1);
    expect(d.terminal.opened[0]).toMatchObject({
      sessionId: live.id,
      title: `ao ${live.id}`,
      argv: ['fake-attach', expect.stringContaining(live.id)],
    });
  });

  it('is refused (403) unless the request comes from a loopback address and no proxy relayed it', async () => {
    const before = d.terminal.opened.length;
    for (const opts of [
      { remoteAddress: '192.168.1.20' },
      { remoteAddress: '10.0.0.7' },
      { remoteAddress: '::ffff:192.168.1.20' },
      { headers: { 'x-forwarded-for': '203.0.113.9' } },
      { headers: { forwarded: 'for=203.0.113.9' } },
    ]) {
      const res = await d.app.inject({
        method: 'POST',
        url: `/api/sessions/${live.id}/open-terminal`,
        headers: { authorization: `Bearer ${d.token}`, ...(opts.headers ?? {}) },
        remoteAddress: opts.remoteAddress,
      });
      expect(res.statusCode, JSON.stringify(opts)).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
      expect(res.json().error.message).toMatch(/only from the daemon's own machine/);
    }
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const res = await d.app.inject({
        method: 'POST',
        url: `/api/sessions/${live.id}/open-terminal`,
        headers: { authorization: `Bearer ${d.token}` },
        remoteAddress,
      });
      expect(res.statusCode, remoteAddress).toBe(200);
    }
    expect(d.terminal.opened.length).toBe(before + 3);
  });

  it('409 when the session has no live runtime, or its runtime cannot be attached from a terminal', async () => {
    const killed = await d.spawn({ prompt: 'killed' });
    expect((await d.inject('POST', `/api/sessions/${killed.id}/kill`, {})).status).toBe(200);
    const gone = await open(killed.id);
    expect(gone.status).toBe(409);
    expect(gone.body.error.message).toMatch(/has no live runtime.*ao restore/);

    d.runtime.attachable = false;
    try {
      const none = await open(live.id);
      expect(none.status).toBe(409);
      expect(none.body.error.message).toMatch(/cannot be attached from a terminal; use the web terminal/);
    } finally {
      d.runtime.attachable = true;
    }
  });

  it('404 for an unknown session, 400 for a malformed id, 401 without the token', async () => {
    expect((await open('fast-999')).body.error.code).toBe('session_not_found');
    expect((await open('NOT_AN_ID')).status).toBe(400);
    expect((await open(live.id, { auth: false })).status).toBe(401);
  });

  it('503 naming what was looked for when the terminal is not found', async () => {
    d.terminal.present = false;
    try {
      const res = await open(live.id);
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({
        code: 'terminal_unavailable',
        message: 'terminal fake is not available here: looked for the fake terminal',
      });
    } finally {
      d.terminal.present = true;
    }
  });

  it("503 with the application's own error when it fails to open", async () => {
    d.terminal.failWith = new Error("can't find session: nope");
    try {
      const res = await open(live.id);
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(`fake could not open ${live.id}: can't find session: nope`);
    } finally {
      d.terminal.failWith = null;
    }
  });
});

describe('POST /api/sessions/:id/open-terminal with terminal: auto and no display, tmux or iTerm2', () => {
  let d: FastDaemon;
  beforeAll(async () => {
    d = await startFast({ config: { terminal: 'auto' }, env: { PATH: '/nonexistent' } });
  });
  afterAll(async () => {
    await d.close();
  });

  it('503 naming every terminal looked for', async () => {
    const s = await d.spawn({ prompt: 'x' });
    const res = await d.inject<Err>('POST', `/api/sessions/${s.id}/open-terminal`, {});
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('terminal_unavailable');
    const { message } = res.body.error;
    expect(message).toMatch(/^no terminal application found: looked for /);
    for (const want of [
      'tmux on PATH with the daemon inside tmux ($TMUX)',
      'kitty on PATH',
      'wezterm on PATH',
      'gnome-terminal on PATH with DISPLAY or WAYLAND_DISPLAY set',
      'xterm on PATH with DISPLAY set',
    ])
      expect(message).toContain(want);
    if (process.platform !== 'darwin') expect(message).not.toContain('iTerm2');
  });
});

describe('terminal: in ao.config.yaml', () => {
  it('an unknown terminal plugin, or bad settings, are config errors naming the key', async () => {
    const d = await startFast();
    try {
      const { writeFileSync, readFileSync } = await import('node:fs');
      const text = readFileSync(d.configPath, 'utf8').replace('terminal: fake', 'terminal: konsole');
      writeFileSync(d.configPath, `${text}terminals:\n  xterm: { args: "-fa" }\n`);
      const res = await d.inject<Err>('POST', '/api/projects', { configPath: d.configPath });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/terminal: unknown terminal plugin "konsole"; known: .*xterm/);
      expect(res.body.error.message).toMatch(/terminals\.xterm\.args: /);
    } finally {
      await d.close();
    }
  });
});
