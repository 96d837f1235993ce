// Benchmark: one daemon growing to 50, 200 and 500 sessions of scripted Claude Code agents (the claude-code plugin
// running the testkit's scripted Claude: a bash process per session in tmux; the agent host in this process plays
// Claude's hooks, transcript lines and status file). At each size, in steady state:
//   idle:     daemon CPU % and RSS over a window with N idle sessions; processes the daemon starts (strace, its own
//             window); GET /api/sessions latency (p50/p95)
//   active:   hook -> SSE p95 with --active sessions taking turns at N total
//   restart:  SIGKILL the daemon, start it, time to the first answered request and to `daemon.recovered`
//   death:    SIGKILL --kills agents one by one: kill -> `session.status_changed` on SSE (p50/p95)
// then a table of how each figure grows from the first size to the last, goal lines, and a JSON summary.
// Usage: node bench/scale.mjs [--sizes 50,200,500] [--runtime tmux|process] [--hooks http|settings] [--active 50]
//        [--settle 10] [--window 30] [--fork-window 10] [--requests 50] [--active-window 30] [--kills 20]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { checkBuilt, goal, printMachine, round, warnIfRebuilt } from '../packages/testkit/dist/testkit.mjs';
import { measureActive } from './scale/active.mjs';
import { measureDeath } from './scale/death.mjs';
import { measureIdle } from './scale/idle.mjs';
import { printGrowth } from './scale/report.mjs';
import { measureRestart } from './scale/restart.mjs';
import { growTo, startFleet } from './scale/setup.mjs';

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,200,500' },
    runtime: { type: 'string', default: 'tmux' },
    hooks: { type: 'string', default: 'http' },
    active: { type: 'string', default: '50' },
    settle: { type: 'string', default: '10' },
    window: { type: 'string', default: '30' },
    'fork-window': { type: 'string', default: '10' },
    requests: { type: 'string', default: '50' },
    'active-window': { type: 'string', default: '30' },
    kills: { type: 'string', default: '20' },
  },
});
const SIZES = opts.sizes.split(',').map(Number);
const num = (k) => Number(opts[k]);

async function stage(f, n) {
  const grown = await growTo(f, n);
  console.log(
    `\n${n} sessions: spawned ${grown.spawned} (from ${grown.from}) in ${round(grown.spawnMs / 1000, 1)} s, all idle ` +
      `after ${round(grown.settledMs / 1000, 1)} s`,
  );
  const idle = await measureIdle(f, {
    settleSec: num('settle'),
    windowSec: num('window'),
    forkSec: num('fork-window'),
    requests: num('requests'),
  });
  const active = await measureActive(f, {
    active: num('active'),
    windowSec: num('active-window'),
    pauseMs: 1000,
    tools: 1,
    stepMs: 50,
  });
  const restart = f.runtime === 'tmux' ? await measureRestart(f, n) : null;
  const death = await measureDeath(f, num('kills'));
  const load = loadavg().map((x) => round(x, 2));
  console.log(`  load average after this size: ${load.join(' ')}`);
  return { n, grown, idle, active, restart, death, loadavg: load };
}

function goals(stages) {
  const last = stages[stages.length - 1];
  const n = last.n;
  const out = {
    idleCpu: goal(`daemon CPU with ${n} idle sessions`, last.idle.window.daemonCpuPct, 1, '% of one core'),
    rss: goal(
      `daemon RSS with ${n} sessions (max in the idle window)`,
      last.idle.window.rssMaxMiB,
      300,
      'MiB',
    ),
    forks: last.idle.forks
      ? goal(
          `processes the daemon starts per second with ${n} idle sessions`,
          last.idle.forks.perSecond,
          0,
          '/s',
        )
      : null,
    list: goal(`GET /api/sessions p95 at ${n}`, last.idle.list.ms.p95, 20, 'ms'),
    hookToSse: goal(
      `hook -> SSE p95 with ${last.active.active} active at ${n}`,
      last.active.latency.p95,
      100,
      'ms',
    ),
    death: goal(`death seen p95 at ${n}`, last.death.ms.p95, 200, 'ms'),
  };
  if (last.restart)
    out.restart = goal(`restart-to-recovered at ${n}`, round(last.restart.recoveredMs / 1000, 2), 3, 's');
  return out;
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  console.log(
    `agent: claude-code plugin running the scripted Claude (bash per session, hooks ${opts.hooks === 'http' ? 'POSTed over HTTP as http hooks do, SessionStart a command hook' : 'as the settings file says'}); ` +
      `runtime ${opts.runtime}; sizes ${SIZES.join(', ')}; liveness and every other daemon setting at its default`,
  );
  const f = await startFleet({ runtime: opts.runtime, delivery: opts.hooks, turn: { tools: 1, stepMs: 20 } });
  const stages = [];
  try {
    for (const n of SIZES) stages.push(await stage(f, n));
  } finally {
    await f.stop();
  }
  printGrowth(stages);
  const g = goals(stages);
  const sameBuild = warnIfRebuilt(machine.build);
  console.log(
    JSON.stringify({
      bench: 'scale',
      date: new Date().toISOString(),
      machine,
      sameBuild,
      runtime: opts.runtime,
      hooks: opts.hooks,
      stages,
      goals: g,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
