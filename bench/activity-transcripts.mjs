// Benchmark: daemon CPU while it follows many growing Claude Code transcripts. N claude-code sessions (a fake binary
// that sleeps); the bench appends realistic lines (assistant text and tool calls, tool results, bookkeeping; a turn
// ends every 10 s) to each session's transcript at the exact path the plugin tails, --rate lines a second each, one
// line at a time. Daemon CPU (utime+stime from /proc) over --window s, after a baseline without writes. At the end
// it checks the daemon counted every API response's usage (tokens) for every session: it really read every line.
// Usage: node bench/activity-transcripts.mjs [--sessions 50] [--rate 10] [--window 30] [--baseline 10] [--warmup 5]
//        [--bookkeeping-only] (lines that carry no observation: the tailing cost alone)
import { parseArgs } from 'node:util';
import { warnIfRebuilt } from './lib/build-info.mjs';
import { checkBuilt, cleanup, freePort, makeDataDir, startDaemon } from './lib/daemon.mjs';
import { printMachine } from './lib/machine.mjs';
import { formatWindow, sampleWindow } from './lib/sample-window.mjs';
import { spawnMany } from './lib/spawn-many.mjs';
import { goal, round } from './lib/stats.mjs';
import { sleep, waitFor } from './lib/wait.mjs';
import { openEventHub } from './lib2/event-hub.mjs';
import { claudeAgentConfig, makeFakeClaude, transcriptFile } from './lib2/fake-claude.mjs';
import { makeConfiguredProject } from './lib2/project2.mjs';
import { openTranscript } from './lib2/transcript-writer.mjs';

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

/** Appends to every transcript so each has `rate * elapsed` lines, checking every 10 ms; `stop()` ends it. */
function startWriting(writers, rate) {
  const t0 = performance.now();
  let written = 0;
  let bytes = 0;
  const tick = () => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (written < due) {
      for (const w of writers) bytes += w.next();
      written += 1;
    }
  };
  const timer = setInterval(tick, 10);
  return {
    stop() {
      clearInterval(timer);
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

async function run(dataDir, project, configDir) {
  const daemon = await startDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
  try {
    const spawned = await spawnMany(daemon, SESSIONS, { limit: 5, label: 'transcript' });
    console.log(`spawned ${SESSIONS} claude-code sessions (fake binary) in ${round(spawned.ms / 1000, 2)} s`);
    const { body } = await daemon.api('GET', '/api/sessions');
    const sessions = body.sessions.filter((s) => spawned.ids.includes(s.id));
    // Settle: spawn-time work ends, and the spawn evidence (high confidence) is over 30 s old by the window, so
    // transcript signals (medium) update the evidence as they would in a long-running session.
    await sleep(15_000);
    const base = { pid: daemon.pid, serverPid: null, counter: null };
    const baseline = await sampleWindow({ ...base, seconds: Number(opts.baseline) });
    console.log(`${formatWindow(`${SESSIONS} sessions, no transcript writes (baseline)`, baseline)}\n`);

    const writers = sessions.map((s) =>
      openTranscript(transcriptFile(configDir, s.worktreePath, s.agentSessionId), {
        agentSessionId: s.agentSessionId,
        cwd: s.worktreePath,
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
      for (const w of writers) w.close();
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
  let configDir;
  const project = await makeConfiguredProject('tail', (scratch) => {
    const fake = makeFakeClaude(scratch);
    configDir = fake.configDir;
    return claudeAgentConfig(fake);
  });
  console.log(
    `agent: claude-code with a fake binary that sleeps; ${SESSIONS} transcripts, ${RATE} lines/s each ` +
      (opts['bookkeeping-only']
        ? '(bookkeeping lines only: no observation, the tailing cost alone)\n'
        : '(3 API responses/s with usage, tool calls, tool results, bookkeeping; a turn ends every 10 s)\n'),
  );
  let result;
  try {
    result = await run(dataDir, project, configDir);
  } finally {
    await cleanup({ dataDir, dirs: [project.root] });
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
