import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiReply, apiClient, killTmuxServer } from '@ao/testkit';
import { type RunningDaemon, startDaemon } from '../../src/server';

/**
 * The in-process daemon of the integration tests. Everything else the tests share (git projects, `ao up` as a child
 * process, SSE, the fake GitHub, webhooks, scripted agents) is in @ao/testkit; this one piece stays here because it
 * imports the daemon's source.
 */
export interface TestDaemon extends RunningDaemon {
  dataDir: string;
  /** JSON request with the token; never throws on an HTTP error (tests check `status`). */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiReply<T>>;
  stop(): Promise<void>;
}

/** An in-process daemon on a random port with a temp data dir (real SQLite, real plugins). */
export async function startTestDaemon(
  opts: { dataDir?: string; env?: Record<string, string>; orchestratorTickMs?: number } = {},
): Promise<TestDaemon> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ao-data-'));
  const daemon = await startDaemon(
    {
      dataDir,
      host: '127.0.0.1',
      port: 0,
      allowedHosts: [],
      webDir: null,
      runtimePollMs: 500,
      orchestratorTickMs: opts.orchestratorTickMs,
      version: 'test',
      checkReplies: true,
    },
    { ...process.env, AO_LOG_LEVEL: 'warn', ...opts.env },
  );
  const api = apiClient(daemon.url, () => daemon.token);
  return {
    ...daemon,
    dataDir,
    api: (method, path, body) => api(method, path, body),
    async stop() {
      await daemon.close();
      // ao's tmux server outlives the daemon by design (agents survive restarts); a test's must not.
      await killTmuxServer(dataDir);
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
