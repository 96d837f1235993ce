// Hook -> SSE with `active` sessions working at N total: each active scripted agent takes turns back to back
// (UserPromptSubmit, PreToolUse, PostToolUse x tools, Stop, a transcript line per step, then a pause), while one SSE
// client listens. Latency: from the moment the agent starts delivering a hook that changes activity (UserPromptSubmit
// -> working, Stop -> idle) to the `session.activity` event on the SSE stream. Daemon CPU over the same window.
import {
  CLK_TCK,
  cpuTicks,
  formatSummary,
  openEventHub,
  round,
  sleep,
  summarize,
} from '../../packages/testkit/dist/testkit.mjs';
import { liveSessions } from './setup.mjs';

export async function measureActive(f, { active, windowSec, pauseMs, tools, stepMs }) {
  const sessions = (await liveSessions(f)).slice(0, active);
  const idOf = new Map(sessions.map((s) => [s.agentSessionId, s.id]));
  const hub = await openEventHub(f.daemon, { keep: true });
  const runs = [];
  const off = f.host.onHook((agent, run) => {
    const id = idOf.get(agent.agentSessionId);
    if (id && (run.event === 'UserPromptSubmit' || run.event === 'Stop')) runs.push({ id, ...run });
  });
  const cpu0 = cpuTicks(f.daemon.pid);
  const t0 = performance.now();
  const end = t0 + windowSec * 1000;
  let turns = 0;
  try {
    await Promise.all(
      sessions.map(async (s) => {
        await sleep(Math.random() * pauseMs);
        while (performance.now() < end) {
          await f.host.turn(s.agentSessionId, `keep going (${turns})`, { tools, stepMs });
          turns += 1;
          await sleep(pauseMs * (0.5 + Math.random()));
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = cpuTicks(f.daemon.pid);
    await sleep(2000); // the last events of the window
    const matched = match(runs, hub.events);
    const result = {
      active: sessions.length,
      seconds: round(elapsed, 2),
      turns,
      turnsPerSec: round(turns / elapsed, 1),
      hookTypes: [...new Set(runs.map((r) => r.type))],
      latency: summarize(matched.latencies),
      // Daemon clock (1 ms resolution): hook sent -> event emitted, without the client's side of the stream.
      sentToEmitted: summarize(matched.emitted),
      hookRoundTrip: summarize(runs.map((r) => r.ms)),
      lost: matched.lost,
      events: countTypes(hub.events),
      daemonCpuPct: round(((cpu1.self - cpu0.self) / CLK_TCK / elapsed) * 100, 1),
    };
    console.log(
      `    ${formatSummary(`hook -> session.activity on SSE, ${result.active} active (${result.turnsPerSec} turns/s)`, result.latency)}`,
    );
    console.log(
      `      hook delivery (${result.hookTypes.join('+')}) round trip p50 ${result.hookRoundTrip.p50} ms, p95 ` +
        `${result.hookRoundTrip.p95} ms; sent -> event emitted (daemon clock) p50 ${result.sentToEmitted.p50} ms, p95 ` +
        `${result.sentToEmitted.p95} ms; lost ${result.lost}; daemon CPU ${result.daemonCpuPct} % of one core; ` +
        `events ${JSON.stringify(result.events)}`,
    );
    return result;
  } finally {
    off();
    hub.close();
  }
}

/** Each run -> the first unused `session.activity` of its session to the state it causes, received after it began. */
function match(runs, events) {
  const bySession = new Map();
  for (const e of events) {
    if (e.type !== 'session.activity') continue;
    const id = e.data.session.id;
    if (!bySession.has(id)) bySession.set(id, []);
    bySession.get(id).push(e);
  }
  const used = new Set();
  const latencies = [];
  const emitted = [];
  let lost = 0;
  for (const run of [...runs].sort((a, b) => a.startedAt - b.startedAt)) {
    const want = run.event === 'Stop' ? 'idle' : 'working';
    const e = (bySession.get(run.id) ?? []).find(
      (x) => !used.has(x) && x.data.to === want && x.receivedAt >= run.startedAt,
    );
    if (!e) {
      lost += 1;
      continue;
    }
    used.add(e);
    latencies.push(e.receivedAt - run.startedAt);
    emitted.push(Date.parse(e.at) - run.startedWall);
  }
  return { latencies, emitted, lost };
}

function countTypes(events) {
  const out = {};
  for (const e of events) out[e.type] = (out[e.type] ?? 0) + 1;
  return out;
}
