import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ApiFn, type ApiOptions, apiClient } from './http';
import { FatalWaitError, waitFor } from './wait';

const execFileP = promisify(execFile);

/** The CLI entry (bin/ao.mjs imports the built dist/ao.mjs); AO_BENCH_BIN overrides it. */
export const AO_BIN =
  process.env['AO_BENCH_BIN'] ?? fileURLToPath(new URL('../../../apps/daemon/bin/ao.mjs', import.meta.url));

/** The bundle `AO_BIN` runs (`apps/daemon/dist/ao.mjs`, or AO_BENCH_BIN itself). */
export const AO_DIST = process.env['AO_BENCH_BIN'] ? AO_BIN : join(AO_BIN, '..', '..', 'dist', 'ao.mjs');

/** Exits with a hint when the daemon was not built (the benchmarks run the built CLI). */
export function checkBuilt(): void {
  if (!existsSync(AO_DIST)) {
    console.error(`no built daemon at ${AO_DIST}: run \`npm run build -w @ao/daemon\` first`);
    process.exit(2);
  }
}

/** A fresh data dir under the temp dir (short, so `<dataDir>/tmux.sock` fits a socket path). */
export const makeDataDir = (prefix = 'ao-bench-'): string => mkdtempSync(join(tmpdir(), prefix));

export interface LaunchOptions {
  dataDir: string;
  /** 0 (default): any free port, read from the login line. */
  port?: number;
  configPath?: string;
  /** Added to the environment, which is ours without any AO_* variable (the daemon runs with its defaults). */
  env?: Record<string, string>;
  /** More arguments of `ao up`. */
  args?: string[];
  /** Arguments of node itself, e.g. `['--cpu-prof', '--cpu-prof-dir', dir]` to profile the daemon. */
  nodeArgs?: string[];
}

export interface DaemonProcess {
  child: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:<port>`: known at once with a fixed port, after `ready()` with port 0. */
  url: string;
  /** performance.now() just before the process was spawned. */
  spawnedAt: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** The bearer token (`<dataDir>/token`), read by `ready()`. */
  token: string;
  /** The login URL it printed (after `ready()`). */
  loginUrl: string;
  /** Throws a FatalWaitError (ending any waitFor) once the process has exited. */
  assertAlive(): void;
  /** Waits until it printed its login URL and answers /api/health. */
  ready(timeoutMs?: number): Promise<DaemonProcess>;
  /** JSON API call with the token; throws on a non-2xx answer unless `{allowError: true}`. */
  api: ApiFn;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** The environment of a daemon: ours without AO_* overrides (so it runs with its defaults), plus `extra`. */
function daemonEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AO_')) env[key] = value;
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

/** The login line, whatever address the daemon listens on (`--host 0.0.0.0` included); tests reach it on loopback. */
const LOGIN = /(http:\/\/(?:\[[^\]\s]+\]|[^\s/:]+):(\d+)\/api\/auth\/login\?token=\S+)/;

/**
 * Spawns `node bin/ao.mjs --data-dir <dataDir> up --port <port> [--config <file>] [...args]` (the real CLI, built).
 * Returns at once; `ready()` waits until it answers.
 */
export function launchDaemon(opts: LaunchOptions): DaemonProcess {
  const port = opts.port ?? 0;
  const args = [...(opts.nodeArgs ?? []), AO_BIN, '--data-dir', opts.dataDir, 'up', '--port', String(port)];
  if (opts.configPath) args.push('--config', opts.configPath);
  args.push(...(opts.args ?? []));
  let output = '';
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    env: daemonEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const readToken = () => readFileSync(join(opts.dataDir, 'token'), 'utf8').trim();
  const d: DaemonProcess = {
    child,
    pid: child.pid ?? 0,
    url: port ? `http://127.0.0.1:${port}` : '',
    spawnedAt,
    exited,
    output: () => output,
    token: '',
    loginUrl: '',
    assertAlive() {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new FatalWaitError(`ao up exited (${child.exitCode ?? child.signalCode}): ${output}`);
    },
    async ready(timeoutMs = 60_000) {
      await waitFor(
        async () => {
          d.assertAlive();
          const m = LOGIN.exec(output);
          if (!m?.[1]) return false;
          d.loginUrl = m[1];
          d.url = `http://127.0.0.1:${m[2]}`;
          return (await fetch(`${d.url}/api/health`)).ok;
        },
        'the daemon to answer',
        timeoutMs,
        25,
      );
      d.token = readToken();
      return d;
    },
    // The URL is known only after ready() with port 0: the client is made per call.
    api: <T>(method: string, path: string, body?: unknown, call?: ApiOptions) =>
      apiClient(d.url, () => (d.token ||= readToken()), { throwOnError: true })<T>(method, path, body, call),
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return d;
}

/** `launchDaemon(opts).ready()`. */
export function startDaemon(opts: LaunchOptions): Promise<DaemonProcess> {
  return launchDaemon(opts).ready();
}

/** Runs tmux against the data dir's own server (`<dataDir>/tmux.sock`); its stdout. */
export async function tmux(dataDir: string, args: string[]): Promise<string> {
  return (await execFileP('tmux', ['-S', join(dataDir, 'tmux.sock'), ...args])).stdout;
}

/** Panes on the data dir's tmux server: session name, dead flag, pane pid. */
export async function listPanes(
  dataDir: string,
): Promise<Array<{ session: string; dead: boolean; pid: number }>> {
  const out = await tmux(dataDir, ['list-panes', '-a', '-F', '#{session_name}\t#{pane_dead}\t#{pane_pid}']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [session = '', dead, pid] = line.split('\t');
      return { session, dead: dead === '1', pid: Number(pid) };
    });
}

/** Kills the data dir's tmux server (and with it every agent): ao's tmux server outlives the daemon by design. */
export async function killTmuxServer(dataDir: string): Promise<void> {
  if (!existsSync(join(dataDir, 'tmux.sock'))) return;
  await tmux(dataDir, ['kill-server']).catch((err: { stderr?: string; message: string }) => {
    // "no server running" is the expected outcome when nothing was spawned or it already exited.
    if (!/no server running|error connecting/.test(String(err.stderr ?? err.message)))
      console.error(`cleanup: tmux kill-server: ${err.message}`);
  });
}

/** Stops the daemon, the data dir's tmux server (and with it every agent), and removes the given dirs. */
export async function cleanup(what: {
  daemon?: DaemonProcess | null;
  dataDir?: string | null;
  dirs?: string[];
}): Promise<void> {
  if (what.daemon)
    await what.daemon
      .stop()
      .catch((err: Error) => console.error(`cleanup: stopping the daemon: ${err.message}`));
  if (what.dataDir) await killTmuxServer(what.dataDir);
  for (const dir of [what.dataDir, ...(what.dirs ?? [])])
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
