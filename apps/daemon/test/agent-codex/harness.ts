import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@ao/shared/plugin';
import { codexConfigToml } from '@ao/testkit';
import { exec } from '../../src/util/exec';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A temp CODEX_HOME whose config talks to the mock provider. */
export function makeCodexHome(baseUrl: string): { home: string; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), 'ao-codex-home-'));
  writeFileSync(join(home, 'config.toml'), codexConfigToml(baseUrl, 'AO_TEST_MOCK_KEY'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export interface HookCall {
  secret: string | undefined;
  body: unknown;
}

/** Stands in for the daemon's `POST /api/hooks/:sessionId`. */
export async function startHookReceiver(): Promise<{
  url: string;
  calls: HookCall[];
  close(): Promise<void>;
}> {
  const calls: HookCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const header = req.headers['x-ao-hook-secret'];
      calls.push({
        secret: Array.isArray(header) ? header[0] : header,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/hooks/ao-codex-1`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** tmux on a private socket, driven directly with exec. */
export class PrivateTmux {
  readonly dir = mkdtempSync(join(tmpdir(), 'ao-codex-tmux-'));
  readonly sock = join(this.dir, 'sock');
  private readonly pids = new Map<string, number>();

  run(args: string[]): Promise<string> {
    return exec('tmux', ['-S', this.sock, ...args], { timeoutMs: 15_000 }).then((r) => r.stdout);
  }

  async spawn(name: string, cwd: string, command: string[], env: Record<string, string>): Promise<void> {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    await this.run([
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '160',
      '-y',
      '45',
      '-c',
      cwd,
      ...envArgs,
      '--',
      ...command,
    ]);
    const pid = Number((await this.run(['list-panes', '-t', `=${name}:`, '-F', '#{pane_pid}'])).trim());
    if (pid > 0) this.pids.set(name, pid);
  }

  /** The pid of the program started in session `name` (the pane's), as a runtime's `pid()` gives it. */
  pid(name: string): number | null {
    return this.pids.get(name) ?? null;
  }

  capture(name: string): Promise<string> {
    return this.run(['capture-pane', '-p', '-t', `=${name}:`]);
  }

  async type(name: string, text: string): Promise<void> {
    await this.typeText(name, text);
    await this.enter(name);
  }

  async typeText(name: string, text: string): Promise<void> {
    await this.run(['send-keys', '-t', `=${name}:`, '-l', text]);
  }

  async enter(name: string): Promise<void> {
    await this.run(['send-keys', '-t', `=${name}:`, 'Enter']);
  }

  /** Kills the session and the process group of its program (codex may leave helpers behind). */
  async kill(name: string): Promise<void> {
    const out = await this.run(['list-panes', '-t', `=${name}:`, '-F', '#{pane_pid}']).catch(() => '');
    await this.run(['kill-session', '-t', `=${name}`]).catch(() => '');
    const pid = Number(out.trim());
    if (pid > 0) killGroup(pid);
  }

  async close(): Promise<void> {
    await this.run(['kill-server']).catch(() => '');
    for (const pid of this.pids.values()) killGroup(pid);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (err) {
    // ESRCH: the group is already gone, which is what we want.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Polls `check` until it returns a value (not undefined/false) or the deadline passes. */
export async function waitFor<T>(
  label: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
