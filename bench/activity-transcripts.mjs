// Benchmark: daemon CPU while it follows many growing Claude Code transcripts. N claude-code sessions (the testkit's
// scripted Claude, idle after its first turn); the bench appends realistic lines (assistant text and tool calls, tool results, bookkeeping; a turn
// ends every 10 s) to each session's transcript at the exact path the plugin tails, --rate lines a second each, one
// line at a time. Daemon CPU (utime+stime from /proc) over --window s, after a baseline without writes. At the end
// it checks the daemon counted every API response's usage (tokens) for every session: it really read every line.
// Usage: node bench/activity-transcripts.mjs [--sessions 50] [--rate 10] [--window 30] [--baseline 10] [--warmup 5]
//        [--bookkeeping-only] (lines that carry no observation: the tailing cost alone)
import { parseArgs } from 'node:util';
import {
  checkBuilt,
  cleanup,
  formatWindow,
  freePort,
  goal,
  makeDataDir,
  makeProject,
  openEventHub,
  printMachine,
  round,
  sampleWindow,
  scriptedClaudeConfig,
  sleep,
  spawnMany,
  startAgentHost,
  startDaemon,
  waitFor,
  warnIfRebuilt,
  writeScriptedClaude,
} from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({
  options: {
    sessions: { type: 'string', default: '50' },
    rate: { type: 'string', default: '10' },
    window: { type: 'string', default: '30' },
    baseline: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    'bookkeeping-only': { type: 'boolean', default: false },
  },
});
const SESSIONS = Number(opts.sessions);
const RATE = Number(opts.rate);

/**
 * One cycle of 10 lines over a transcript (3 API responses with usage, each a text and a tool call; 3 tool results;
 * one bookkeeping line); every `turnEvery`-th cycle ends the turn instead of its last tool result. `bookkeepingOnly`:
 * bookkeeping lines only (no observation at all: the tailing cost alone). Returns `next()`: write the next step.
 */
function cycleWriter(t, { turnEvery = 10, bookkeepingOnly = false } = {}) {
  let cycle = 0;
  let step = 0;
  let tool = null;
  const call = () => {
    tool = t.assistant(`(cycle ${cycle})`, { name: 'Bash', input: { command: `npm test # ${cycle}` } });
  };
  const result = (last) => {
    if (last && cycle % turnEvery === turnEvery - 1) t.turnEnd(9_000);
    else t.toolResult(tool ?? '', ` ✓ login redirects\n`.repeat(20));
  };
  const steps = [
    call,
    () => result(false),
    () => t.bookkeeping(),
    call,
    () => result(false),
    call,
    () => result(true),
  ];
  return {
    totals: t.totals,
    next() {
      const before = t.totals.lines;
      if (bookkeepingOnly) t.bookkeeping();
      else steps[step]();
      step = (step + 1) % steps.length;
      if (step === 0) cycle += 1;
      return t.totals.lines - before;
    },
  };
}

/** Appends to every transcript so each has `rate * elapsed` lines, checking every 10 ms; `stop()` ends it. */
function startWriting(writers, rate) {
  const t0 = performance.now();
  let written = 0;
  const bytes0 = writers.reduce((a, w) => a + w.totals.bytes, 0);
  const tick = () => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (written < due) {
      let most = 0;
      for (const w of writers) most = Math.max(most, w.next());
      written += most;
    }
  };
  const timer = setInterval(tick, 10);
  return {
    stop() {
      clearInterval(timer);
      const bytes = writers.reduce((a, w) => a + w.totals.bytes, 0) - bytes0;
      return { linesPerTranscript: written, bytes, seconds: (performance.now() - t0) / 1000 };
    },
  };
}

/** Waits until the daemon's usage for each session equals what the transcripts carry. */
async function verifyFollowed(daemon, sessions, writers) {
  const t0 = performance.now();
  await waitFor(
    async () => {
      const { body } = await daemon.api('GET', '/api/sessions');
      const byId = new Map(body.sessions.map((s) => [s.id, s]));
      return sessions.every((s, i) => byId.get(s.id)?.usage.tokensOut === writers[i].totals.tokensOut);
    },
    'the daemon to count every transcript line',
    30_000,
    100,
  );
  return round(performance.now() - t0);
}

async function run(dataDir, project, host) {
  const daemon = await startDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
  try {
    const spawned = await spawnMany(daemon, SESSIONS, { limit: 5, label: 'transcript' });
    console.log(
      `spawned ${SESSIONS} claude-code sessions (scripted Claude) in ${round(spawned.ms / 1000, 2)} s`,
    );
    const { body } = await daemon.api('GET', '/api/sessions');
    const sessions = body.sessions.filter((s) => spawned.ids.includes(s.id));
    // Settle: spawn-time work ends, and the spawn evidence (high confidence) is over 30 s old by the window, so
    // transcript signals (medium) update the evidence as they would in a long-running session.
    await sleep(15_000);
    const base = { pid: daemon.pid, serverPid: null, counter: null };
    const baseline = await sampleWindow({ ...base, seconds: Number(opts.baseline) });
    console.log(`${formatWindow(`${SESSIONS} sessions, no transcript writes (baseline)`, baseline)}\n`);

    const writers = [];
    for (const s of sessions)
      writers.push(
        cycleWriter((await host.agent(s.agentSessionId)).transcript, {
          bookkeepingOnly: opts['bookkeeping-only'],
        }),
      );
    const hub = await openEventHub(daemon);
    const writing = startWriting(writers, RATE);
    let wrote;
    let busy;
    let countsInWindow;
    try {
      await sleep(Number(opts.warmup) * 1000); // warm-up: part of the measurement's definition
      const before = { ...hub.counts };
      busy = await sampleWindow({ ...base, seconds: Number(opts.window) });
      countsInWindow = Object.fromEntries(
        Object.entries(hub.counts).map(([k, v]) => [k, round((v - (before[k] ?? 0)) / busy.seconds, 1)]),
      );
    } finally {
      wrote = writing.stop();
      hub.close();
    }
    console.log(formatWindow(`${SESSIONS} transcripts growing ${RATE} lines/s each`, busy));
    console.log(`  events per second in the window: ${JSON.stringify(countsInWindow)}`);
    console.log(
      `  wrote ${wrote.linesPerTranscript} lines to each transcript (${round(wrote.bytes / 2 ** 20)} MiB in all, ` +
        `${round((wrote.linesPerTranscript * SESSIONS) / wrote.seconds)} lines/s)`,
    );
    const caughtUpMs = opts['bookkeeping-only'] ? null : await verifyFollowed(daemon, sessions, writers);
    if (caughtUpMs !== null)
      console.log(
        `  every session's token count matched its transcript ${caughtUpMs} ms after the last write\n`,
      );
    return { baseline, busy, eventsPerSec: countsInWindow, wrote, caughtUpMs };
  } finally {
    await daemon.stop();
  }
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  const dataDir = makeDataDir();
  const host = await startAgentHost({ tools: 1, stepMs: 10 }, 'http');
  const project = await makeProject(
    'tail',
    ({ scratch }) => scriptedClaudeConfig(writeScriptedClaude(scratch, host.port)),
    { tmpPrefix: 'ao-bench-git-' },
  );
  console.log(
    `agent: claude-code running the scripted Claude (one short turn, then idle); ${SESSIONS} transcripts, ${RATE} lines/s each ` +
      (opts['bookkeeping-only']
        ? '(bookkeeping lines only: no observation, the tailing cost alone)\n'
        : '(3 API responses/s with usage, tool calls, tool results, bookkeeping; a turn ends every 10 s)\n'),
  );
  let result;
  try {
    result = await run(dataDir, project, host);
  } finally {
    await cleanup({ dataDir, dirs: [project.root] });
    await host.close();
  }
  const goals = {
    cpu: goal(
      `daemon CPU following ${SESSIONS} growing transcripts`,
      result.busy.daemonCpuPct,
      10,
      '% of one core',
    ),
  };
  const sameBuild = warnIfRebuilt(machine.build);
  console.log(
    JSON.stringify({
      bench: 'activity-transcripts',
      date: new Date().toISOString(),
      machine,
      sameBuild,
      sessions: SESSIONS,
      linesPerSec: RATE,
      bookkeepingOnly: opts['bookkeeping-only'],
      ...result,
      goals,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
