// Starts the built ao daemon (`ao up`) as a separate process and talks to it over HTTP with its token.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FatalWaitError, waitFor } from './wait.mjs';

const execFileP = promisify(execFile);

/** The CLI entry (bin/ao.mjs imports dist/ao.mjs); AO_BENCH_BIN overrides it. */
export const AO_BIN =
  process.env.AO_BENCH_BIN ?? fileURLToPath(new URL('../../apps/daemon/bin/ao.mjs', import.meta.url));

export function checkBuilt() {
  const dist = join(AO_BIN, '..', '..', 'dist', 'ao.mjs');
  if (!process.env.AO_BENCH_BIN && !existsSync(dist)) {
    console.error(`no built daemon at ${dist}: run \`npm run build -w @ao/daemon\` first`);
    process.exit(2);
  }
}

/** A fresh data dir under the temp dir (short, so `<dataDir>/tmux.sock` fits a socket path). */
export const makeDataDir = () => mkdtempSync(join(tmpdir(), 'ao-bench-'));

/** A free TCP port on loopback (so a restarted daemon keeps its URL). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The daemon's environment: ours without AO_* overrides, so it runs with its defaults (liveness every 3 s). */
function daemonEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AO_')) env[key] = value;
  return { ...env, ...extra };
}

/**
 * Spawns `node bin/ao.mjs --data-dir <dataDir> up --port <port> [--config <file>]`. Returns at once with the child
 * and `spawnedAt` (performance.now() just before spawn); call `ready()` to wait until it answers.
 */
export function launchDaemon({ dataDir, port, configPath, env = {} }) {
  const args = [AO_BIN, '--data-dir', dataDir, 'up', '--port', String(port)];
  if (configPath) args.push('--config', configPath);
  let output = '';
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { env: daemonEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (b) => (output += b.toString()));
  child.stderr.on('data', (b) => (output += b.toString()));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const daemon = {
    child,
    pid: child.pid,
    url,
    spawnedAt,
    exited,
    output: () => output,
    token: null,
    /** Throws (ending any waitFor) when the daemon process has exited. */
    assertAlive() {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new FatalWaitError(`ao up exited (${child.exitCode ?? child.signalCode}): ${output}`);
    },
    async ready(timeoutMs = 60_000) {
      await waitFor(
        async () => {
          daemon.assertAlive();
          return /login\?token=/.test(output) && (await fetch(`${url}/api/health`)).ok;
        },
        'the daemon to answer',
        timeoutMs,
        25,
      );
      daemon.token = readFileSync(join(dataDir, 'token'), 'utf8').trim();
      return daemon;
    },
    /** An API call with the bearer token; throws on a non-2xx answer unless `allowError`. */
    api(method, path, body, opts) {
      daemon.token ??= readFileSync(join(dataDir, 'token'), 'utf8').trim();
      return apiCall(url, daemon.token, method, path, body, opts);
    },
    /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return daemon;
}

/** One JSON API call with the bearer token: `{status, body}`; throws on a non-2xx answer unless `allowError`. */
export async function apiCall(url, token, method, path, body, { allowError = false } = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!res.ok && !allowError) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return { status: res.status, body: parsed };
}

export async function startDaemon(opts) {
  return launchDaemon(opts).ready();
}

/** Runs tmux against the data dir's own server (`<dataDir>/tmux.sock`). */
export async function tmux(dataDir, args) {
  return (await execFileP('tmux', ['-S', join(dataDir, 'tmux.sock'), ...args])).stdout;
}

/** Panes on the data dir's tmux server: session name, dead flag, pane pid. */
export async function listPanes(dataDir) {
  const out = await tmux(dataDir, ['list-panes', '-a', '-F', '#{session_name}\t#{pane_dead}\t#{pane_pid}']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [session, dead, pid] = line.split('\t');
      return { session, dead: dead === '1', pid: Number(pid) };
    });
}

/** Stops the daemon, the data dir's tmux server (and with it every agent), and removes the given dirs. */
export async function cleanup({ daemon, dataDir, dirs = [] }) {
  if (daemon)
    await daemon.stop().catch((err) => console.error(`cleanup: stopping the daemon: ${err.message}`));
  if (dataDir && existsSync(join(dataDir, 'tmux.sock'))) {
    await tmux(dataDir, ['kill-server']).catch((err) => {
      // "no server running" is the expected outcome when nothing was spawned or it already exited.
      if (!/no server running|error connecting/.test(String(err.stderr ?? err.message))) {
        console.error(`cleanup: tmux kill-server: ${err.message}`);
      }
    });
  }
  for (const dir of [dataDir, ...dirs]) if (dir) rmSync(dir, { recursive: true, force: true });
}
