import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningDaemon, startDaemon } from '../../src/server';
import { exec } from '../../src/util/exec';

export interface TestDaemon extends RunningDaemon {
  dataDir: string;
  /** fetch against the daemon with the token. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** An in-process daemon on a random port with a temp data dir (real SQLite, real plugins). */
export async function startTestDaemon(
  opts: { dataDir?: string; env?: Record<string, string> } = {},
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
      version: 'test',
      checkReplies: true,
    },
    { ...process.env, AO_LOG_LEVEL: 'warn', ...opts.env },
  );
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${daemon.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${daemon.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain text body
    }
    return { status: res.status, body: parsed as T };
  };
  return {
    ...daemon,
    dataDir,
    api,
    async stop() {
      await daemon.close();
      // ao's tmux server outlives the daemon by design (agents survive restarts); a test's must not.
      await exec('tmux', ['-S', join(dataDir, 'tmux.sock'), 'kill-server']).catch(() => undefined);
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `fn` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
