import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Session } from '@ao/shared/session';

const here = dirname(fileURLToPath(import.meta.url));
export const webDir = resolve(here, '..');
export const repoRoot = resolve(webDir, '..', '..');
const aoBin = join(repoRoot, 'apps', 'daemon', 'dist', 'ao.mjs');
const outDir = join(webDir, 'out');

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'ao e2e',
  GIT_AUTHOR_EMAIL: 'ao@test.invalid',
  GIT_COMMITTER_NAME: 'ao e2e',
  GIT_COMMITTER_EMAIL: 'ao@test.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

const config = `project: { id: demo, name: Demo, defaultBranch: main }
agent: generic
runtime: tmux
agents:
  generic: { command: ["bash", "--noprofile", "--norc"], prompt: type }
`;

function git(args: string[], cwd: string): void {
  execFileSync('git', args, { cwd, env: gitEnv, stdio: 'pipe' });
}

/** A real repository with ao.config.yaml, one commit on main, and a local bare `origin`. */
export function makeProjectRepo(root: string, id = 'demo', configText = config): string {
  const remote = join(root, `${id}.git`);
  const repo = join(root, id);
  mkdirSync(repo);
  git(['init', '--bare', '--initial-branch=main', remote], root);
  git(['init', '--initial-branch=main', repo], root);
  writeFileSync(join(repo, 'README.md'), `# ${id}\n`);
  writeFileSync(join(repo, 'ao.config.yaml'), configText);
  git(['add', '.'], repo);
  git(['-c', 'commit.gpgsign=false', 'commit', '-m', 'initial'], repo);
  git(['remote', 'add', 'origin', remote], repo);
  git(['push', '-u', 'origin', 'main'], repo);
  return join(repo, 'ao.config.yaml');
}

/** The config of a project whose agent is the generic plugin running `command`, with no prompt (cheap, idle). */
export function idleProjectConfig(id: string, name: string, command: string[] = ['sleep', '3600']): string {
  const agents = { generic: { command, prompt: 'none' } };
  return `${JSON.stringify({ project: { id, name, defaultBranch: 'main' }, agent: 'generic', runtime: 'tmux', agents }, null, 2)}\n`;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface Daemon {
  url: string;
  port: number;
  loginUrl: string;
  token: string;
  dataDir: string;
  configPath: string;
  /** Output of the daemon so far, for failure messages. */
  log(): string;
  /** JSON request with the bearer token (the CLI's way in). */
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  spawnSession(prompt: string): Promise<Session>;
  /** Registers another project (a new repository) with the running daemon, as `ao init` does. */
  addProject(id: string, configText: string): Promise<void>;
  /** Spawns `count` sessions in a project, a few at a time; resolves with them once all are running. */
  spawnMany(project: string, count: number, prompt?: (i: number) => string): Promise<Session[]>;
  stop(): Promise<void>;
  /** Starts the daemon again on the same port and data directory. */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

function waitForLoginUrl(child: ChildProcess, out: { text: string }, timeoutMs: number): Promise<string> {
  const from = out.text.length;
  return new Promise((res, rej) => {
    const re = /(http:\/\/127\.0\.0\.1:\d+\/api\/auth\/login\?token=[^\s]+)/;
    const timer = setTimeout(
      () => rej(new Error(`ao up printed no login URL in ${timeoutMs} ms:\n${out.text}`)),
      timeoutMs,
    );
    const onData = () => {
      const m = re.exec(out.text.slice(from));
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        res(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      rej(new Error(`ao up exited with ${code} before printing a login URL:\n${out.text}`));
    });
  });
}

function startProcess(
  port: number,
  dataDir: string,
  configPath: string,
  out: { text: string },
): ChildProcess {
  const child = spawn(
    process.execPath,
    [aoBin, 'up', '--port', String(port), '--data-dir', dataDir, '--config', configPath],
    {
      env: { ...process.env, AO_WEB_DIR: outDir, AO_LIVENESS_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => {
    out.text += d;
  });
  child.stderr?.on('data', (d: string) => {
    out.text += d;
  });
  return child;
}

function stopProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      res();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `ao up` from apps/daemon/dist on a free port with a fresh data dir and a demo project. */
export async function startDaemon(): Promise<Daemon> {
  if (!existsSync(aoBin)) throw new Error(`${aoBin} is missing: run \`npm run build -w @ao/daemon\` first`);
  if (!existsSync(join(outDir, 'index.html')))
    throw new Error(`${outDir} is missing: run \`next build\` first`);
  const root = mkdtempSync(join(tmpdir(), 'ao-web-e2e-'));
  const dataDir = join(root, 'data');
  const configPath = makeProjectRepo(root);
  const port = await freePort();
  const out = { text: '' };
  let child: ChildProcess | null = startProcess(port, dataDir, configPath, out);
  const loginUrl = await waitForLoginUrl(child, out, 90_000);
  const token = new URL(loginUrl).searchParams.get('token') ?? '';
  const url = `http://127.0.0.1:${port}`;

  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };

  return {
    url,
    port,
    loginUrl,
    token,
    dataDir,
    configPath,
    log: () => out.text,
    api,
    async spawnSession(prompt) {
      const r = await api<{ session: Session }>('POST', '/api/sessions', { project: 'demo', prompt });
      if (r.status !== 201) throw new Error(`spawn answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body.session;
    },
    async addProject(id, configText) {
      const path = makeProjectRepo(root, id, configText);
      const r = await api('POST', '/api/projects', { configPath: path });
      if (r.status !== 201)
        throw new Error(`adding project ${id} answered ${r.status}: ${JSON.stringify(r.body)}`);
    },
    async spawnMany(project, count, prompt = (i) => `task ${i}`) {
      const out: Session[] = [];
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const i = next++;
          const r = await api<{ session: Session }>('POST', '/api/sessions', { project, prompt: prompt(i) });
          if (r.status !== 201) throw new Error(`spawn answered ${r.status}: ${JSON.stringify(r.body)}`);
          out[i] = r.body.session;
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      return out;
    },
    async stop() {
      await stopProcess(child);
      child = null;
    },
    async restart() {
      await stopProcess(child);
      child = startProcess(port, dataDir, configPath, out);
      await waitForLoginUrl(child, out, 90_000);
    },
    async cleanup() {
      await stopProcess(child);
      child = null;
      try {
        execFileSync('tmux', ['-S', join(dataDir, 'tmux.sock'), 'kill-server'], { stdio: 'pipe' });
      } catch (e) {
        // No tmux server left on ao's socket (every session was killed): nothing to clean.
        void e;
      }
      rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); // the daemon may still be running git here
    },
  };
}
