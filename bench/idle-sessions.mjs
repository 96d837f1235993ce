// Benchmark 2: daemon RSS and CPU with 50 idle sessions (generic agent: screen-stability fallback watcher), and the
// tmux processes the daemon starts per second. A 10 s baseline with no session comes first.
// Usage: node bench/idle-sessions.mjs [--sessions 50] [--settle 10] [--window 30] [--baseline 10] [--no-count]
// (--no-count: plain tmux instead of the counting wrapper, to see the wrapper's own cost in the children's CPU)
import { parseArgs } from 'node:util';
import { warnIfRebuilt } from './lib/build-info.mjs';
import { checkBuilt, cleanup, freePort, makeDataDir, startDaemon, tmux } from './lib/daemon.mjs';
import { printMachine } from './lib/machine.mjs';
import { makeProject } from './lib/project.mjs';
import { formatWindow, sampleWindow } from './lib/sample-window.mjs';
import { spawnMany, statusCounts } from './lib/spawn-many.mjs';
import { goal, round } from './lib/stats.mjs';
import { makeTmuxCounter } from './lib/tmux-counter.mjs';
import { sleep } from './lib/wait.mjs';

const { values: opts } = parseArgs({
  options: {
    sessions: { type: 'string', default: '50' },
    settle: { type: 'string', default: '10' },
    window: { type: 'string', default: '30' },
    baseline: { type: 'string', default: '10' },
    'no-count': { type: 'boolean', default: false },
  },
});
const SESSIONS = Number(opts.sessions);
const AGENT = ['sleep', '3600'];

async function run(dataDir, project, counter) {
  const daemon = await startDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
  try {
    const baseline = await sampleWindow({
      pid: daemon.pid,
      serverPid: null,
      counter,
      seconds: Number(opts.baseline),
    });
    console.log(`${formatWindow('no session (baseline)', baseline)}\n`);

    const spawned = await spawnMany(daemon, SESSIONS, { limit: 5, label: 'idle' });
    console.log(
      `spawned ${SESSIONS} sessions in ${round(spawned.ms / 1000, 2)} s; settling ${opts.settle} s`,
    );
    await sleep(Number(opts.settle) * 1000); // the settle period is part of the measurement's definition
    const serverPid = Number((await tmux(dataDir, ['display-message', '-p', '#{pid}'])).trim());
    const idle = await sampleWindow({ pid: daemon.pid, serverPid, counter, seconds: Number(opts.window) });
    console.log(formatWindow(`${SESSIONS} idle sessions`, idle));
    const after = await statusCounts(daemon);
    const activity = {};
    const evidence = {};
    for (const s of after.sessions) {
      activity[s.activity] = (activity[s.activity] ?? 0) + 1;
      evidence[s.evidence?.source] = (evidence[s.evidence?.source] ?? 0) + 1;
    }
    console.log(
      `  after the window: status ${JSON.stringify(after.counts)}, activity ${JSON.stringify(activity)}, ` +
        `evidence source ${JSON.stringify(evidence)}\n`,
    );
    return { baseline, idle, statusAfter: after.counts, activityAfter: activity, evidenceAfter: evidence };
  } finally {
    await daemon.stop();
  }
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  const dataDir = makeDataDir();
  const counter = opts['no-count'] ? null : makeTmuxCounter(dataDir);
  const runtimes = counter ? { tmux: { tmuxPath: counter.path } } : {};
  const project = await makeProject('idle', { agentCommand: AGENT, runtimes });
  console.log(
    `agent: generic (no watch of its own: the daemon's screen-stability fallback follows it), command ` +
      `${JSON.stringify(AGENT)}, prompt: none; runtime tmux ${counter ? 'via a counting wrapper (tmuxPath)' : 'plain (not counted)'}; ` +
      'liveness default 3 s\n',
  );
  let result;
  try {
    result = await run(dataDir, project, counter);
  } finally {
    await cleanup({ dataDir, dirs: [project.root] });
  }
  const { idle } = result;
  const goals = {
    cpu: goal(`daemon CPU with ${SESSIONS} idle sessions`, idle.daemonCpuPct, 1, '% of one core'),
    rss: goal(`daemon RSS with ${SESSIONS} idle sessions`, idle.rssMaxMiB, 200, 'MiB'),
  };
  const sameBuild = warnIfRebuilt(machine.build);
  console.log(
    `note: all of ao's processes together (daemon + its tmux/git children + tmux server) used ` +
      `${round(idle.daemonCpuPct + idle.childrenCpuPct + (idle.tmuxServerCpuPct ?? 0), 2)} % of one core`,
  );
  console.log(
    JSON.stringify({
      bench: 'idle-sessions',
      date: new Date().toISOString(),
      machine,
      sameBuild,
      sessions: SESSIONS,
      ...result,
      goals,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
