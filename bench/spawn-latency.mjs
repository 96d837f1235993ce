// Benchmark 1: spawn latency. `POST /api/sessions` -> agent process running, 20 sequential spawns (p50/p95), then 30
// concurrent spawns (wall time; all must succeed with distinct ids and worktrees). Real daemon, tmux and git.
// Usage: node bench/spawn-latency.mjs [--sequential 20] [--concurrent 30]
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  calibrateBootClock,
  checkBuilt,
  cleanup,
  commOf,
  formatSummary,
  freePort,
  goal,
  idleGenericAgent,
  listPanes,
  makeDataDir,
  makeProject,
  printMachine,
  processStartPerfMs,
  readEvents,
  round,
  startDaemon,
  summarize,
  waitFor,
  warnIfRebuilt,
} from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({
  options: { sequential: { type: 'string', default: '20' }, concurrent: { type: 'string', default: '30' } },
});
const SEQUENTIAL = Number(opts.sequential);
const CONCURRENT = Number(opts.concurrent);
const AGENT = ['sleep', '3600'];

/** A fresh project, data dir and daemon; `fn` runs against them, everything is removed afterwards. */
async function withDaemon(projectId, fn) {
  const dataDir = makeDataDir();
  const project = await makeProject(projectId, idleGenericAgent(AGENT), { tmpPrefix: 'ao-bench-git-' });
  let daemon;
  try {
    daemon = await startDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
    return await fn({ daemon, dataDir, project });
  } finally {
    await cleanup({ daemon, dataDir, dirs: [project.root] });
  }
}

/**
 * The pid of the live pane of tmux session `id`, checked to be the agent command itself (on a loaded machine the
 * pane's process may not have exec'd the command yet: its fork time, which is what is read, is the same).
 */
async function agentPid(dataDir, id) {
  const pane = (await listPanes(dataDir)).find((p) => p.session === id && !p.dead);
  if (!pane) throw new Error(`no live tmux pane for ${id}`);
  await waitFor(() => commOf(pane.pid) === AGENT[0], `pane of ${id} to run ${AGENT[0]}`, 5_000, 20);
  return pane.pid;
}

async function sequential() {
  return withDaemon('sq', async ({ daemon, dataDir }) => {
    const offset = calibrateBootClock();
    const samples = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const wallStart = Date.now();
      const t0 = performance.now();
      const { body } = await daemon.api('POST', '/api/sessions', { prompt: `bench spawn ${i}` });
      const apiMs = performance.now() - t0;
      if (body.session.status !== 'running') throw new Error(`${body.session.id} is ${body.session.status}`);
      const forkMs = processStartPerfMs(await agentPid(dataDir, body.session.id), offset) - t0;
      samples.push({ id: body.session.id, wallStart, apiMs, forkMs });
    }
    const breakdown = await spawnBreakdown(daemon, dataDir, samples);
    return { samples, breakdown };
  });
}

/** Where the time of each spawn went, from the daemon's event timestamps and its log (ms resolution). */
async function spawnBreakdown(daemon, dataDir, samples) {
  const events = await readEvents(daemon, 0, (list) =>
    samples.every((s) =>
      list.some((e) => e.type === 'session.status_changed' && e.data.session?.id === s.id),
    ),
  );
  const at = (type, id, status) =>
    Date.parse(
      events.find(
        (e) => e.type === type && e.data.session?.id === id && (!status || e.data.session.status === status),
      )?.at ?? Number.NaN,
    );
  const worktreeReady = worktreeLogTimes(dataDir);
  const parts = { requestToCreated: [], createdToWorktree: [], worktreeToRunning: [], createdToRunning: [] };
  for (const s of samples) {
    const created = at('session.created', s.id);
    const running = at('session.status_changed', s.id, 'running');
    const worktree = worktreeReady.get(s.id) ?? Number.NaN;
    parts.requestToCreated.push(created - s.wallStart);
    parts.createdToWorktree.push(worktree - created);
    parts.worktreeToRunning.push(running - worktree);
    parts.createdToRunning.push(running - created);
  }
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summarize(v)]));
}

/** Session id -> time (epoch ms) of the daemon's "worktree created" log line (pino JSON in logs/daemon.log). */
function worktreeLogTimes(dataDir) {
  const times = new Map();
  for (const line of readFileSync(join(dataDir, 'logs', 'daemon.log'), 'utf8').split('\n')) {
    if (!line.includes('worktree created')) continue;
    const entry = JSON.parse(line);
    times.set(basename(entry.path), entry.time);
  }
  return times;
}

async function concurrent() {
  return withDaemon('cc', async ({ daemon, dataDir, project }) => {
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, async (_, i) => {
        const res = await daemon.api(
          'POST',
          '/api/sessions',
          { prompt: `bench concurrent ${i}` },
          { allowError: true },
        );
        return { ...res, ms: performance.now() - t0 };
      }),
    );
    const wallMs = performance.now() - t0;
    const ok = results.filter((r) => r.status === 201 && r.body.session?.status === 'running');
    const failures = results
      .filter((r) => !ok.includes(r))
      .map((r) => `${r.status} ${JSON.stringify(r.body)}`);
    const ids = new Set(ok.map((r) => r.body.session.id));
    const paths = new Set(ok.map((r) => r.body.session.worktreePath));
    const registered = (await project.git(['worktree', 'list', '--porcelain']))
      .split('\n')
      .filter((l) => l.startsWith('worktree '))
      .map((l) => l.slice('worktree '.length));
    const worktreesOk = [...paths].filter((p) => existsSync(p) && registered.includes(p)).length;
    const livePanes = (await listPanes(dataDir)).filter((p) => !p.dead && ids.has(p.session)).length;
    return {
      wallMs,
      perRequest: summarize(results.map((r) => r.ms)),
      succeeded: ok.length,
      distinctIds: ids.size,
      distinctWorktrees: paths.size,
      worktreesOnDisk: worktreesOk,
      liveAgents: livePanes,
      failures: failures.slice(0, 5),
    };
  });
}

function printSequential(seq) {
  const api = summarize(seq.samples.map((s) => s.apiMs));
  const fork = summarize(seq.samples.map((s) => s.forkMs));
  console.log(`${SEQUENTIAL} sequential spawns`);
  console.log(formatSummary('  POST /api/sessions -> 201 (status running)', api));
  console.log(formatSummary('  POST sent -> agent process forked (/proc starttime, -0/+10 ms)', fork));
  console.log(formatSummary('  daemon: request -> session.created', seq.breakdown.requestToCreated));
  console.log(formatSummary('  daemon: session.created -> running', seq.breakdown.createdToRunning));
  console.log(formatSummary('    of which created -> worktree ready (git)', seq.breakdown.createdToWorktree));
  console.log(
    formatSummary('    of which worktree ready -> running (agent + tmux)', seq.breakdown.worktreeToRunning),
  );
  console.log(`  each (ms): ${seq.samples.map((s) => Math.round(s.apiMs)).join(' ')}\n`);
  return { n: SEQUENTIAL, apiMs: api, agentForkMs: fork, breakdown: seq.breakdown };
}

function printConcurrent(con) {
  console.log(`${CONCURRENT} concurrent spawns (Promise.all)`);
  console.log(`  wall time: ${round(con.wallMs)} ms`);
  console.log(formatSummary('  per request (from the common start)', con.perRequest));
  console.log(
    `  succeeded ${con.succeeded}/${CONCURRENT}, distinct ids ${con.distinctIds}, distinct worktrees ` +
      `${con.distinctWorktrees}, worktrees on disk and registered ${con.worktreesOnDisk}, live agents ${con.liveAgents}`,
  );
  for (const f of con.failures) console.log(`  failure: ${f}`);
  console.log('');
  return { ...con, wallMs: round(con.wallMs) };
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  console.log(
    `agent: generic, command ${JSON.stringify(AGENT)}, prompt: none; runtime tmux; workspace worktree\n`,
  );
  const sequentialResult = printSequential(await sequential());
  const con = printConcurrent(await concurrent());
  const allOk = [
    con.succeeded,
    con.distinctIds,
    con.distinctWorktrees,
    con.worktreesOnDisk,
    con.liveAgents,
  ].every((n) => n === CONCURRENT);
  const goals = {
    sequentialP50: goal('sequential spawn p50 (POST -> 201)', sequentialResult.apiMs.p50, 300, 'ms'),
    concurrentWall: goal(`${CONCURRENT} concurrent spawns wall time`, round(con.wallMs / 1000, 2), 8, 's'),
    concurrentAllSucceeded: allOk,
  };
  console.log(
    `goal ${allOk ? 'met    ' : 'NOT met'}: all ${CONCURRENT} concurrent spawns succeeded, distinct ids/worktrees`,
  );
  const sameBuild = warnIfRebuilt(machine.build);
  const date = new Date().toISOString();
  console.log(
    JSON.stringify({
      bench: 'spawn-latency',
      date,
      machine,
      sameBuild,
      sequential: sequentialResult,
      concurrent: con,
      goals,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
