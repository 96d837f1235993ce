import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCwd, projectSlug } from '../../src/plugins/agent-claude-code/paths';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

/**
 * `POST /api/hooks/:id/files`, where a remote forwarder mirrors a Claude Code session's transcript and status files
 * onto the daemon's disk: the session's secret, only the files the agent declares (never settings, never `..`),
 * append at the offset (a replay changes nothing), and the session's state follows through the real watchers.
 */
describe('the forwarder route mirrors only what the agent declares', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ao-fwd-'));
  const configDir = join(dir, 'claude');
  let d: TestDaemon;
  let p: ProjectFixture;
  let s: Session;
  let secret: string;
  let transcripts: string;

  const post = (body: unknown, key = secret) =>
    fetch(`${d.url}/api/hooks/${s.id}/files`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ao-hook-secret': key },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

  beforeAll(async () => {
    // A stand-in for the claude binary: it only waits (its files are written by the test, as a forwarder would).
    const bin = join(dir, 'claude-stub');
    writeFileSync(bin, '#!/bin/sh\nexec sleep 600\n');
    chmodSync(bin, 0o755);
    p = await makeProject('fw', {
      agent: 'claude-code',
      agents: { 'claude-code': { binary: bin, configDir, permissions: 'skip' } },
    });
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { project: 'fw', prompt: 'hi' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    s = res.body.session;
    const row = d.app.sessions.find(s.id);
    secret = row?.hookSecret ?? '';
    transcripts = join(configDir, 'projects', projectSlug(claudeCwd(row?.worktreePath ?? '')));
  }, 60_000);

  afterAll(async () => {
    if (s) await d.api('POST', `/api/sessions/${s.id}/kill`, {});
    await d?.stop();
    p?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a wrong secret, a path outside the rules, settings.json and `..`, writing nothing', async () => {
    const line = { path: join(transcripts, 'x.jsonl'), mode: 'append', offset: 0, data: '{}\n' };
    expect((await post(line, 'wrong')).status).toBe(401);
    expect(existsSync(line.path)).toBe(false);
    const refused = [
      { ...line, path: join(configDir, 'settings.json'), mode: 'replace' },
      { ...line, path: `${transcripts}/../../settings.json`, mode: 'replace' },
      { ...line, path: `${transcripts}/../x.jsonl` },
      { ...line, path: join(transcripts, 'x.jsonl'), mode: 'replace' },
      { ...line, path: join(configDir, 'sessions', 'x.sh'), mode: 'replace' },
      { ...line, path: 'x.jsonl' },
    ];
    for (const body of refused) {
      const res = await post(body);
      expect(res.status, body.path).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'bad_request', field: 'path' });
    }
    expect(existsSync(join(configDir, 'settings.json'))).toBe(false);
    expect(existsSync(join(configDir, 'x.jsonl'))).toBe(false);
    expect(existsSync(line.path)).toBe(false);
  });

  it('never follows a link in a forwarded folder', async () => {
    const target = join(dir, 'outside.txt');
    writeFileSync(target, 'keep\n');
    mkdirSync(transcripts, { recursive: true });
    symlinkSync(target, join(transcripts, 'link.jsonl'));
    const res = await post({ path: join(transcripts, 'link.jsonl'), mode: 'append', offset: 5, data: 'x\n' });
    expect(res.status).toBe(400);
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
  });

  it('appends at the offset; a replay or an overlap adds nothing twice; a gap is told, not written', async () => {
    const path = join(transcripts, 'y.jsonl');
    expect((await post({ path, mode: 'append', offset: 0, data: 'a\n' })).body).toEqual({
      size: 2,
      gap: false,
    });
    expect((await post({ path, mode: 'append', offset: 0, data: 'a\n' })).body).toEqual({
      size: 2,
      gap: false,
    });
    expect((await post({ path, mode: 'append', offset: 0, data: 'a\nb\n' })).body).toEqual({
      size: 4,
      gap: false,
    });
    expect((await post({ path, mode: 'append', offset: 9, data: 'z\n' })).body).toEqual({
      size: 4,
      gap: true,
    });
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
    // Retries racing each other (a slow first try and its resend) still add the bytes once.
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => post({ path, mode: 'append', offset: 4, data: 'c\n' })),
    );
    expect(racing.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(readFileSync(path, 'utf8')).toBe('a\nb\nc\n');
    const status = join(configDir, 'sessions', '4242.json');
    expect((await post({ path: status, mode: 'replace', data: '{"a":1}' })).status).toBe(200);
    expect((await post({ path: status, mode: 'replace', data: '{"a":2}' })).status).toBe(200);
    expect(readFileSync(status, 'utf8')).toBe('{"a":2}');
  });

  it("a mirrored transcript line reaches the session's state through the plugin's own watcher", async () => {
    const agentSessionId = d.app.sessions.find(s.id)?.agentSessionId;
    expect(agentSessionId).toBeTruthy();
    const path = join(transcripts, `${agentSessionId}.jsonl`);
    const data = `${JSON.stringify({ type: 'ai-title', aiTitle: 'Forwarded title', sessionId: agentSessionId })}\n`;
    expect((await post({ path, mode: 'append', offset: 0, data })).status).toBe(200);
    await waitFor(
      async () =>
        (await d.api<{ session: Session }>('GET', `/api/sessions/${s.id}`)).body.session.title ===
        'Forwarded title',
      'the title from the forwarded transcript',
      20_000,
    );
  });
});
