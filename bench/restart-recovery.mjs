// Benchmark 3: restart-to-recovered with 50 sessions. SIGKILL the daemon, start it again, and time from process start
// to: HTTP answering, `GET /api/sessions` listing all 50 as running, and the `daemon.recovered` event.
// Usage: node bench/restart-recovery.mjs [--sessions 50] [--runs 3]
import { parseArgs } from 'node:util';
import { warnIfRebuilt } from './lib/build-info.mjs';
import { checkBuilt, cleanup, freePort, launchDaemon, listPanes, makeDataDir } from './lib/daemon.mjs';
import { lastEventId } from './lib/events.mjs';
import { printMachine } from './lib/machine.mjs';
import { makeProject } from './lib/project.mjs';
import { spawnMany } from './lib/spawn-many.mjs';
import { openSse } from './lib/sse.mjs';
import { formatSummary, goal, round, summarize } from './lib/stats.mjs';
import { sleep, waitFor } from './lib/wait.mjs';

const { values: opts } = parseArgs({
  options: { sessions: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' } },
});
const SESSIONS = Number(opts.sessions);
const RUNS = Number(opts.runs);
const POLL_MS = 20;

/** Subscribes (retrying until the daemon accepts connections) and resolves with the first event of `type`. */
function waitForEvent(daemon, token, afterId, type, timeoutMs) {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    let sse = null;
    const attempt = () => {
      if (performance.now() > deadline) return reject(new Error(`no ${type} event within ${timeoutMs} ms`));
      sse = openSse(
        `${daemon.url}/api/events`,
        { authorization: `Bearer ${token}`, 'last-event-id': String(afterId) },
        (message) => {
          if (message.event !== type) return;
          sse.close();
          resolve({ event: message.data, receivedAt: message.receivedAt });
        },
      );
      sse.done.then(
        () => reject(new Error(`the event stream ended before ${type}`)),
        () => sleep(POLL_MS).then(attempt), // not listening yet: try again
      );
    };
    attempt();
  });
}

/** Kills the daemon with SIGKILL, starts it again, and times the recovery. */
async function restartOnce(daemon, dataDir, port) {
  const afterId = await lastEventId(daemon);
  daemon.child.kill('SIGKILL');
  await daemon.exited;
  const wallStart = Date.now();
  const next = launchDaemon({ dataDir, port });
  try {
    return await timeRecovery(next, daemon.token, afterId, wallStart, dataDir);
  } catch (err) {
    await next.stop();
    throw err;
  }
}

async function timeRecovery(next, token, afterId, wallStart, dataDir) {
  const t0 = next.spawnedAt;
  next.token = token;
  const recovered = waitForEvent(next, token, afterId, 'daemon.recovered', 60_000);
  const httpAt = await waitFor(
    async () => {
      next.assertAlive();
      return (await fetch(`${next.url}/api/health`)).ok && performance.now();
    },
    'HTTP',
    60_000,
    POLL_MS,
  );
  const listedAt = await waitFor(
    async () => {
      next.assertAlive();
      const { body } = await next.api('GET', '/api/sessions');
      return body.sessions.filter((s) => s.status === 'running').length === SESSIONS && performance.now();
    },
    `all ${SESSIONS} sessions listed as running`,
    60_000,
    POLL_MS,
  );
  const { event, receivedAt } = await recovered;
  await next.ready();
  const live = (await listPanes(dataDir)).filter((p) => !p.dead).length;
  return {
    daemon: next,
    httpMs: round(httpAt - t0),
    allRunningListedMs: round(listedAt - t0),
    recoveredEventMs: round(Date.parse(event.at) - wallStart),
    recoveredReceivedMs: round(receivedAt - t0),
    recovered: event.data,
    liveAgents: live,
  };
}

async function measure(dataDir, project) {
  const port = await freePort();
  let daemon = launchDaemon({ dataDir, port, configPath: project.configPath });
  await daemon.ready();
  const coldMs = round(performance.now() - daemon.spawnedAt);
  console.log(`cold start, no session: ${coldMs} ms to the login line and /api/health`);
  const spawned = await spawnMany(daemon, SESSIONS, { limit: 5, label: 'restart' });
  console.log(`spawned ${SESSIONS} sessions in ${round(spawned.ms / 1000, 2)} s\n`);
  const runs = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const run = await restartOnce(daemon, dataDir, port);
      daemon = run.daemon;
      delete run.daemon;
      runs.push(run);
      console.log(
        `restart ${i + 1}: HTTP answers ${run.httpMs} ms, all ${SESSIONS} listed running ${run.allRunningListedMs} ms, ` +
          `daemon.recovered emitted ${run.recoveredEventMs} ms (received ${run.recoveredReceivedMs} ms; ` +
          `${round(run.recoveredEventMs - run.httpMs)} ms after HTTP) ` +
          `${JSON.stringify(run.recovered)}; live agents ${run.liveAgents}`,
      );
    }
  } finally {
    await daemon.stop();
  }
  return { coldMs, spawnMs: round(spawned.ms), runs };
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  const dataDir = makeDataDir();
  const project = await makeProject('rr', { agentCommand: ['sleep', '3600'] });
  console.log(
    'agent: generic, command ["sleep","3600"], prompt: none; runtime tmux; times from `node ao up` spawn\n',
  );
  let result;
  try {
    result = await measure(dataDir, project);
  } finally {
    await cleanup({ dataDir, dirs: [project.root] });
  }
  const recoveredMs = summarize(result.runs.map((r) => Math.max(r.recoveredEventMs, r.allRunningListedMs)));
  console.log('');
  console.log(
    formatSummary('process start -> recovered (daemon.recovered and all listed running)', recoveredMs),
  );
  const correct = result.runs.every(
    (r) =>
      r.recovered.alive === SESSIONS &&
      r.recovered.lost === 0 &&
      r.recovered.orphans === 0 &&
      r.liveAgents === SESSIONS,
  );
  const goals = {
    recovered: goal(
      `restart-to-recovered with ${SESSIONS} sessions (worst run)`,
      round(recoveredMs.max / 1000, 2),
      2,
      's',
    ),
    allRecovered: correct,
  };
  console.log(
    `goal ${correct ? 'met    ' : 'NOT met'}: every run recovered all ${SESSIONS} sessions, none lost, no orphan`,
  );
  const sameBuild = warnIfRebuilt(machine.build);
  console.log(
    JSON.stringify({
      bench: 'restart-recovery',
      date: new Date().toISOString(),
      machine,
      sameBuild,
      sessions: SESSIONS,
      ...result,
      recoveredMs,
      goals,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
