// Benchmark: `npm start` on a fresh clone. Clones the repository at HEAD into a temp dir, runs `npm start` there with
// a temp AO_HOME and a free port, and measures the time until the login URL is printed and the size of the
// node_modules folders it installed. Goals: <= 90 s to the login URL, node_modules <= 400 MB.
// The npm cache (~/.npm/_cacache) is shared with the machine: with a warm cache the time is optimistic (no downloads);
// the script says whether the cache existed. The native modules still build from source on every fresh clone.
// Usage: node bench/fresh-start.mjs [--repo /path/to/repo] [--timeout 600]   (not run by `npm test`)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, homedir, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLK_TCK, cpuTicks, goal, round } from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({
  options: {
    repo: { type: 'string', default: join(import.meta.dirname, '..') },
    timeout: { type: 'string', default: '600' },
  },
});
const GOAL_SECONDS = 90;
const GOAL_MB = 400;
const LOGIN = /Open the dashboard: (http\S+login\?token=\S+)/;

const version = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch (err) {
    return `unknown (${err.message.split('\n')[0]})`;
  }
};

function machine() {
  const info = {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    ramGiB: round(totalmem() / 2 ** 30),
    node: process.version,
    npm: version('npm', ['--version']),
    loadavg: loadavg().map((n) => round(n, 2)),
    npmCacheExisted: existsSync(join(homedir(), '.npm', '_cacache')),
  };
  console.log(
    `machine: ${info.cpu}, ${info.cores} cores, ${info.ramGiB} GiB RAM, node ${info.node}, npm ${info.npm}, ` +
      `load average ${info.loadavg.join(' ')}`,
  );
  console.log(
    info.npmCacheExisted
      ? 'npm cache: ~/.npm/_cacache existed (warm cache: no downloads were timed, the figure is optimistic)'
      : 'npm cache: ~/.npm/_cacache did not exist (cold cache: downloads were timed)',
  );
  return info;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Sizes in MB of the root node_modules and every workspace's, as `du` counts them (hard links once). */
function nodeModulesMB(repo) {
  const dirs = ['node_modules', ...['apps', 'packages'].flatMap((parent) => workspaceModules(repo, parent))];
  const present = dirs.filter((d) => existsSync(join(repo, d)));
  const out = execFileSync('du', ['-sk', '--total', ...present], { cwd: repo, encoding: 'utf8' });
  const total = Number(/^(\d+)\s+total$/m.exec(out)?.[1] ?? Number.NaN);
  return { total: round(total / 1024), dirs: present };
}

function workspaceModules(repo, parent) {
  const root = join(repo, parent);
  if (!existsSync(root)) return [];
  return execFileSync('ls', [root], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((name) => join(parent, name, 'node_modules'));
}

/** Runs `npm start` in `repo` and resolves with the seconds until the login URL; rejects if it exits first. */
function timeToLogin(repo, env, port, timeoutMs, child) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn('npm', ['start', '--', '--port', String(port)], {
      cwd: repo,
      env,
      detached: true, // its own process group: npm, bash, node and the daemon are stopped together
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.proc = proc;
    const timer = setTimeout(() => reject(new Error(`no login URL after ${timeoutMs / 1000} s`)), timeoutMs);
    let buffered = '';
    const onData = (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        const at = round((performance.now() - t0) / 1000);
        console.log(`  [${String(at).padStart(6)} s] ${line}`);
        const m = LOGIN.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ seconds: at, url: m[1] });
        }
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${signal ?? code}) before printing the login URL`));
    });
  });
}

const signalGroup = (pid, signal) => {
  try {
    process.kill(-pid, signal);
  } catch {}
};

/**
 * Stops the daemon with `ao down`, so that npm exits normally and its children's CPU time is counted; if that does not
 * end npm within 15 s (or npm start never got as far as the daemon), the whole process group is killed.
 */
async function stop(child, repo, home) {
  const proc = child.proc;
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    try {
      execFileSync(process.execPath, [join(repo, 'apps', 'daemon', 'bin', 'ao.mjs'), 'down'], {
        env: { ...process.env, AO_HOME: home },
        stdio: 'ignore',
        timeout: 15_000,
      });
    } catch {}
    const term = setTimeout(() => signalGroup(proc.pid, 'SIGTERM'), 15_000);
    const kill = setTimeout(() => signalGroup(proc.pid, 'SIGKILL'), 25_000);
    await exited;
    clearTimeout(term);
    clearTimeout(kill);
  }
  // `ao up` alone starts no agents, but a tmux server on the data dir's socket would outlive the daemon.
  try {
    execFileSync('tmux', ['-S', join(home, 'tmux.sock'), 'kill-server'], { stdio: 'ignore' });
  } catch {}
}

async function main() {
  const info = machine();
  const head = version('git', ['-C', opts.repo, 'rev-parse', '--short', 'HEAD']);
  const root = mkdtempSync(join(tmpdir(), 'ao-bench-fresh-'));
  const repo = join(root, 'repo');
  const home = join(root, 'home');
  const child = { proc: null };
  let exitCode = 0;
  const cleanup = async () => {
    await stop(child, repo, home);
    rmSync(root, { recursive: true, force: true });
  };
  const onSignal = () => cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    console.log(`repository: ${opts.repo} at ${head}, cloned into ${repo}`);
    execFileSync('git', ['clone', '--quiet', opts.repo, repo]);
    const port = await freePort();
    const env = { ...process.env, AO_HOME: home };
    const cpuBefore = cpuTicks(process.pid).children;
    const login = await timeToLogin(repo, env, port, Number(opts.timeout) * 1000, child);
    const loadAtLogin = loadavg().map((n) => round(n, 2));
    const res = await fetch(login.url, { redirect: 'manual' });
    const dashboard = await fetch(new URL('/', login.url), { redirect: 'manual' });
    await stop(child, repo, home);
    // CPU time of the processes npm start ran (install, compilers, builds, the daemon), reaped through npm: unlike
    // the wall-clock time it barely depends on what else the machine is doing.
    const cpuSeconds = round((cpuTicks(process.pid).children - cpuBefore) / CLK_TCK);
    const modules = nodeModulesMB(repo);
    console.log(`login URL answered ${res.status}; dashboard / answered ${dashboard.status}`);
    console.log(`load average when the login URL came: ${loadAtLogin.join(' ')}`);
    console.log(`CPU time (user+sys) of npm start's processes: ${cpuSeconds} s`);
    console.log(`time to login URL: ${login.seconds} s`);
    console.log(`node_modules: ${modules.total} MB (${modules.dirs.join(', ')})`);
    goal('npm start to login URL', login.seconds, GOAL_SECONDS, 's');
    goal('node_modules after npm start', modules.total, GOAL_MB, 'MB');
    console.log(
      JSON.stringify({
        bench: 'fresh-start',
        head,
        machine: info,
        loadAtLogin,
        cpuSeconds,
        seconds: login.seconds,
        nodeModulesMB: modules.total,
        goals: { seconds: login.seconds <= GOAL_SECONDS, nodeModulesMB: modules.total <= GOAL_MB },
      }),
    );
  } catch (err) {
    console.error(`fresh-start: ${err.message}`);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

await main();
