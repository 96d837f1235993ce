// Benchmark: agent activity signal -> SSE client. The bench plays Claude Code's hooks (PreToolUse = working,
// Stop = idle) by POSTing their payloads to /api/hooks/<id> with each session's secret, and times each POST until the
// matching `session.activity` event arrives on a live /api/events subscription. First one session alone, then all
// sessions active at once (each toggling working/idle every --period ms, random phase).
// Usage: node bench/activity-latency.mjs [--sessions 50] [--single 200] [--window 30] [--period 1000]
import { parseArgs } from 'node:util';
import { warnIfRebuilt } from './lib/build-info.mjs';
import { checkBuilt, cleanup, freePort, makeDataDir, startDaemon } from './lib/daemon.mjs';
import { printMachine } from './lib/machine.mjs';
import { cpuTicks, ticksToMs } from './lib/proc.mjs';
import { spawnMany } from './lib/spawn-many.mjs';
import { formatSummary, goal, round, summarize } from './lib/stats.mjs';
import { sleep } from './lib/wait.mjs';
import { hookPayload, postHook } from './lib2/claude-hooks.mjs';
import { readHookSecrets } from './lib2/daemon-db.mjs';
import { openEventHub } from './lib2/event-hub.mjs';
import { claudeAgentConfig, makeFakeClaude } from './lib2/fake-claude.mjs';
import { makeConfiguredProject } from './lib2/project2.mjs';

const { values: opts } = parseArgs({
  options: {
    sessions: { type: 'string', default: '50' },
    single: { type: 'string', default: '200' },
    window: { type: 'string', default: '30' },
    period: { type: 'string', default: '1000' },
  },
});
const SESSIONS = Number(opts.sessions);
const EVENT_TIMEOUT_MS = 10_000;

/** One toggle of one session: POST the hook, wait for its session.activity event. */
async function toggle(ctx, s, seq) {
  const to = s.activity === 'working' ? 'idle' : 'working';
  const event = to === 'working' ? 'PreToolUse' : 'Stop';
  const payload = hookPayload(event, { agentSessionId: s.agentSessionId, cwd: s.worktreePath, seq });
  const waiting = ctx.hub.next(
    (e) => e.type === 'session.activity' && e.data.session.id === s.id && e.data.to === to,
    EVENT_TIMEOUT_MS,
    `session.activity ${s.id} -> ${to}`,
  );
  const sentWall = Date.now();
  const t0 = performance.now();
  const status = await postHook(ctx.url, s.id, ctx.secrets.get(s.id), payload);
  const posted = performance.now() - t0;
  if (status !== 204) throw new Error(`POST /api/hooks/${s.id}: HTTP ${status}`);
  try {
    const { event: ev, receivedAt } = await waiting;
    s.activity = to;
    return { latency: receivedAt - t0, posted, emitted: Date.parse(ev.at) - sentWall };
  } catch (err) {
    s.activity = to; // the daemon may still have applied it; the next toggle goes the other way either way
    return { lost: true, error: err.message };
  }
}

function collect(results) {
  const ok = results.filter((r) => !r.lost);
  return {
    latency: summarize(ok.map((r) => r.latency)),
    postRoundTrip: summarize(ok.map((r) => r.posted)),
    sentToEmitted: summarize(ok.map((r) => r.emitted)),
    lost: results.length - ok.length,
  };
}

async function singleSession(ctx, s, count) {
  const results = [];
  for (let i = 0; i < count; i++) {
    results.push(await toggle(ctx, s, i));
    await sleep(10); // spacing between toggles, not a wait for anything
  }
  return collect(results);
}

/** Every session toggles every `periodMs` (random phase) for `seconds`; daemon CPU over the same window. */
async function allActive(ctx, sessions, seconds, periodMs, pid) {
  const results = [];
  const cpu0 = cpuTicks(pid);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    sessions.map(async (s, i) => {
      let next = t0 + Math.random() * periodMs;
      let seq = 0;
      while (next < end) {
        await sleep(Math.max(0, next - performance.now()));
        results.push(await toggle(ctx, s, 1_000_000 + i * 10_000 + seq++));
        next += periodMs;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = cpuTicks(pid);
  return {
    ...collect(results),
    seconds: round(elapsed, 2),
    togglesPerSec: round(results.length / elapsed, 1),
    daemonCpuPct: round((ticksToMs(cpu1.self - cpu0.self) / 1000 / elapsed) * 100, 1),
  };
}

async function run(dataDir, project) {
  const daemon = await startDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
  try {
    const spawned = await spawnMany(daemon, SESSIONS, { limit: 5, label: 'activity' });
    console.log(`spawned ${SESSIONS} claude-code sessions (fake binary) in ${round(spawned.ms / 1000, 2)} s`);
    const { body } = await daemon.api('GET', '/api/sessions');
    const sessions = body.sessions.filter((s) => spawned.ids.includes(s.id));
    const hub = await openEventHub(daemon);
    const ctx = { url: daemon.url, hub, secrets: readHookSecrets(dataDir, spawned.ids) };
    try {
      // Start from a known state: every session idle (Stop), confirmed by its event.
      for (const s of sessions) s.activity = 'working';
      const settled = await Promise.all(sessions.map((s) => toggle(ctx, s, 0)));
      if (settled.some((r) => r.lost)) throw new Error('some sessions never reported idle');
      const single = await singleSession(ctx, sessions[0], Number(opts.single));
      console.log(formatSummary('1 session: hook POST -> session.activity on SSE', single.latency));
      console.log(`  POST round trip: p50 ${single.postRoundTrip.p50} ms; lost ${single.lost}`);
      const many = await allActive(ctx, sessions, Number(opts.window), Number(opts.period), daemon.pid);
      console.log(
        formatSummary(`${SESSIONS} sessions active (${many.togglesPerSec} toggles/s)`, many.latency),
      );
      console.log(
        `  POST round trip: p50 ${many.postRoundTrip.p50} ms, p95 ${many.postRoundTrip.p95} ms; ` +
          `POST sent -> event emitted (daemon clock, 1 ms resolution): p50 ${many.sentToEmitted.p50} ms, ` +
          `p95 ${many.sentToEmitted.p95} ms; lost ${many.lost}; daemon CPU ${many.daemonCpuPct} % of one core`,
      );
      return { single, many, eventCounts: { ...hub.counts } };
    } finally {
      hub.close();
    }
  } finally {
    await daemon.stop();
  }
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  const dataDir = makeDataDir();
  const project = await makeConfiguredProject('act', (scratch) => claudeAgentConfig(makeFakeClaude(scratch)));
  console.log(
    `agent: claude-code with a fake binary that sleeps; the bench POSTs Claude Code hook payloads ` +
      `(PreToolUse / Stop); ${opts.single} toggles on 1 session, then ${SESSIONS} sessions each toggling every ` +
      `${opts.period} ms for ${opts.window} s\n`,
  );
  let result;
  try {
    result = await run(dataDir, project);
  } finally {
    await cleanup({ dataDir, dirs: [project.root] });
  }
  const goals = {
    p95At50: goal(`p95 hook -> SSE with ${SESSIONS} active sessions`, result.many.latency.p95, 100, 'ms'),
    noneLost: goal('activity events lost', result.single.lost + result.many.lost, 0, ''),
  };
  const sameBuild = warnIfRebuilt(machine.build);
  console.log(
    JSON.stringify({
      bench: 'activity-latency',
      date: new Date().toISOString(),
      machine,
      sameBuild,
      sessions: SESSIONS,
      periodMs: Number(opts.period),
      ...result,
      goals,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
