// Benchmark: the container runtime on a real `podman system service` (Docker Engine API), the generic agent in a
// 2 MB busybox image. 1) spawn latency, sequential: `POST /api/sessions` -> the agent process running in its
// container (its first line in the session log); 2) N concurrent spawns (wall time, all running); 3) idle cost of
// those N sessions over --window s: the daemon's CPU, the podman service's CPU and all conmon processes' CPU;
// 4) restart recovery: `ao up` again with N live containers -> answering, every session running (same containers).
// Usage: node bench/container.mjs [--sequential 10] [--concurrent 30] [--window 30]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkBuilt,
  cleanup,
  commOf,
  cpuTicks,
  ensureBusyboxImage,
  formatSummary,
  makeDataDir,
  makeProject,
  podmanAvailable,
  printMachine,
  round,
  sampleWindow,
  startDaemon,
  startPodmanService,
  summarize,
  ticksToMs,
  waitFor,
} from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({
  options: {
    sequential: { type: 'string', default: '10' },
    concurrent: { type: 'string', default: '30' },
    window: { type: 'string', default: '30' },
  },
});
const SEQUENTIAL = Number(opts.sequential);
const CONCURRENT = Number(opts.concurrent);
const WINDOW = Number(opts.window);
const AGENT = ['/bin/sh', '-c', 'echo AGENT-READY; exec sleep 3600'];

if (!podmanAvailable()) {
  console.error('podman, runc and busybox-static are needed (scripts/setup.sh --test installs them)');
  process.exit(1);
}
checkBuilt();
printMachine();

const engine = await startPodmanService();
const image = await ensureBusyboxImage(engine.podman);
const logOf = (dataDir, id) => join(dataDir, 'sessions', id, 'terminal.log');
const ready = (dataDir, id) => {
  const log = logOf(dataDir, id);
  return existsSync(log) && readFileSync(log, 'utf8').includes('AGENT-READY');
};
/** The conmon processes (one per container) of the given containers (full ids), by their command line. */
const conmonPids = (containerIds) =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .filter((pid) => {
      try {
        if (commOf(pid) !== 'conmon') return false;
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return containerIds.some((id) => cmdline.includes(id));
      } catch {
        return false;
      }
    });
const cpuMs = (pids) =>
  pids.reduce((sum, pid) => {
    try {
      return sum + ticksToMs(cpuTicks(pid).self);
    } catch {
      return sum;
    }
  }, 0);

async function withDaemon(projectId, fn) {
  const dataDir = makeDataDir();
  const project = await makeProject(
    projectId,
    {
      runtime: 'container',
      runtimes: { container: { socket: engine.socket, image } },
      agents: { generic: { command: AGENT, prompt: 'none' } },
    },
    { tmpPrefix: 'ao-bench-git-' },
  );
  let daemon;
  try {
    daemon = await startDaemon({ dataDir, configPath: project.configPath });
    return await fn({
      daemon,
      dataDir,
      project,
      restart: async () => {
        await daemon.stop();
        const t0 = performance.now();
        daemon = await startDaemon({ dataDir });
        return { daemon, ms: performance.now() - t0 };
      },
    });
  } finally {
    await cleanup({ daemon, dataDir, dirs: [project.root] });
    // Containers outlive their daemon by design: this phase's go before the next one measures.
    const left = (await engine.podman(['ps', '-aq', '--filter', `label=ao.project=${projectId}`]))
      .split('\n')
      .filter(Boolean);
    if (left.length) await engine.podman(['rm', '-f', '-t', '0', ...left]);
  }
}

const results = {};
try {
  await withDaemon('cs', async ({ daemon, dataDir }) => {
    const samples = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t0 = performance.now();
      const { body } = await daemon.api('POST', '/api/sessions', { prompt: `seq ${i}` });
      await waitFor(() => ready(dataDir, body.session.id), `agent ${body.session.id} up`, 60_000, 5);
      samples.push(performance.now() - t0);
    }
    results.sequential = summarize(samples);
    console.log(
      formatSummary(
        `spawn, sequential (${SEQUENTIAL}): API -> agent running in its container`,
        results.sequential,
      ),
    );
  });

  await withDaemon('cc', async ({ daemon, dataDir, restart }) => {
    const t0 = performance.now();
    const replies = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        daemon.api('POST', '/api/sessions', { prompt: `cc ${i}` }),
      ),
    );
    const ids = replies.map((r) => r.body.session.id);
    await waitFor(() => ids.every((id) => ready(dataDir, id)), 'all agents up', 300_000, 20);
    results.concurrent = { sessions: ids.length, wallMs: round(performance.now() - t0) };
    console.log(`spawn, ${CONCURRENT} concurrent: all running in ${results.concurrent.wallMs} ms`);

    await new Promise((r) => setTimeout(r, 3_000)); // settle after the burst
    const fullIds = (await engine.podman(['ps', '-q', '--no-trunc', '--filter', 'label=ao.project=cc']))
      .split('\n')
      .filter(Boolean);
    const conmons = conmonPids(fullIds);
    const engine0 = cpuMs([engine.pid()]);
    const conmon0 = cpuMs(conmons);
    const w = await sampleWindow({ pid: daemon.pid, seconds: WINDOW });
    const pct = (ms) => round((ms / (w.seconds * 1000)) * 100, 2);
    results.idle = {
      sessions: ids.length,
      seconds: w.seconds,
      daemonCpuPct: w.daemonCpuPct,
      podmanServiceCpuPct: pct(cpuMs([engine.pid()]) - engine0),
      conmonCpuPct: pct(cpuMs(conmons) - conmon0),
      conmons: conmons.length,
      daemonRssMiB: w.rssMiB,
    };
    console.log(`idle, ${ids.length} container sessions: ${JSON.stringify(results.idle)}`);

    const before = (await engine.podman(['ps', '-q', '--filter', 'label=ao.project=cc']))
      .split('\n')
      .filter(Boolean)
      .sort();
    const again = await restart();
    const { body } = await again.daemon.api('GET', '/api/sessions');
    const running = body.sessions.filter((s) => ids.includes(s.id) && s.status === 'running').length;
    const after = (await engine.podman(['ps', '-q', '--filter', 'label=ao.project=cc']))
      .split('\n')
      .filter(Boolean)
      .sort();
    results.recovery = {
      sessions: ids.length,
      upToAnsweringMs: round(again.ms),
      running,
      sameContainers: JSON.stringify(before) === JSON.stringify(after),
    };
    console.log(`restart with ${ids.length} live containers: ${JSON.stringify(results.recovery)}`);
  });
} finally {
  await engine.stop();
}
console.log(JSON.stringify(results));
