import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentWatchContext, Logger } from '@ao/shared/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeOpencode } from './probe';
import { basicAuth, freePort, writeServerInfo } from './server-info';

// The routes' shapes are those of opencode 1.18's OpenAPI document (`GET /doc`): `/session/status` maps session ids
// to {type: idle|busy|retry, ...} and leaves idle sessions out; `/permission` and `/question` list pending asks of
// every session. The real server is asked in test/agent-opencode/opencode-tui.test.ts.
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const dir = mkdtempSync(join(tmpdir(), 'ao-opencode-probe-'));
const info = { url: '', username: 'opencode', password: 'pw-9' };
const state: Record<string, unknown> = {};
const server = createServer((req, res) => {
  if (req.headers.authorization !== basicAuth(info)) return void res.writeHead(401).end();
  const body = state[req.url ?? ''];
  if (body === undefined) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});

beforeAll(async () => {
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  info.url = `http://127.0.0.1:${port}`;
  await writeServerInfo(dir, info);
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

const ctx = (agentSessionId: string | null, sessionDir = dir): AgentWatchContext => ({
  sessionId: 'ao-7',
  cwd: '/w',
  sessionDir,
  agentSessionId,
  pid: null,
  capture: async () => '',
  logger: silent,
});

function serve(status: Record<string, unknown>, asks: { permission?: unknown[]; question?: unknown[] } = {}) {
  state['/session'] = [{ id: 'ses_root' }, { id: 'ses_child', parentID: 'ses_root' }];
  state['/session/status'] = status;
  state['/permission'] = asks.permission ?? [];
  state['/question'] = asks.question ?? [];
}

describe('probeOpencode: what the session does, asked of its own server', () => {
  it.each([
    ['absent from the status map', {}, 'idle'],
    ['busy', { ses_root: { type: 'busy' } }, 'working'],
    ['retrying', { ses_root: { type: 'retry', attempt: 1, message: 'overloaded', next: 1 } }, 'working'],
    [
      'retried past 3',
      { ses_root: { type: 'retry', attempt: 4, message: 'no provider', next: 1 } },
      'blocked',
    ],
    ['only another session busy', { ses_other: { type: 'busy' } }, 'idle'],
  ])('%s: %s', async (_name, status, activity) => {
    serve(status);
    const obs = await probeOpencode(ctx('ses_root'));
    expect(obs?.signal).toMatchObject({ activity, source: 'opencode:server', confidence: 'high' });
    expect(obs?.agentSessionId).toBe('ses_root');
  });

  it('a pending permission or question of its session is waiting_input, whatever the status', async () => {
    serve(
      { ses_root: { type: 'busy' } },
      { permission: [{ id: 'per_1', sessionID: 'ses_root', permission: 'bash' }] },
    );
    expect((await probeOpencode(ctx('ses_root')))?.signal).toMatchObject({
      activity: 'waiting_input',
      detail: 'permission: bash',
    });
    serve({ ses_root: { type: 'busy' } }, { question: [{ id: 'que_1', sessionID: 'ses_root' }] });
    expect((await probeOpencode(ctx('ses_root')))?.signal?.activity).toBe('waiting_input');
    serve({ ses_root: { type: 'busy' } }, { permission: [{ id: 'per_2', sessionID: 'ses_other' }] });
    expect((await probeOpencode(ctx('ses_root')))?.signal?.activity).toBe('working');
  });

  it('finds its session on the server when the watcher has not seen it yet', async () => {
    serve({ ses_root: { type: 'busy' } });
    expect(await probeOpencode(ctx(null))).toMatchObject({
      agentSessionId: 'ses_root',
      signal: { activity: 'working' },
    });
  });

  it('cannot tell (null) without the server: no server file, or nothing listening', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ao-opencode-probe-none-'));
    try {
      expect(await probeOpencode(ctx('ses_root', empty))).toBeNull();
      await writeServerInfo(empty, { ...info, url: `http://127.0.0.1:${await freePort()}` });
      expect(await probeOpencode(ctx('ses_root', empty))).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
