// The scale benchmark's fleet: one daemon (`ao up`, the built CLI), one project whose agent is the claude-code plugin
// running the testkit's scripted Claude (a bash process per session; the agent host in this process plays Claude's
// hooks, transcript and status file), and helpers to grow the fleet to N live, idle sessions.
import {
  cleanup,
  freePort,
  launchDaemon,
  makeDataDir,
  makeProject,
  mapLimit,
  scriptedClaudeConfig,
  startAgentHost,
  statusCounts,
  waitFor,
  writeScriptedClaude,
} from '../../packages/testkit/dist/testkit.mjs';

/** Starts the agent host, the project and the daemon. `f.stop()` removes everything, also after a failure. */
export async function startFleet({ runtime, delivery, turn }) {
  const f = { host: null, project: null, daemon: null, dataDir: makeDataDir(), port: 0, runtime, delivery };
  f.stop = async () => {
    await cleanup({ daemon: f.daemon, dataDir: f.dataDir, dirs: f.project ? [f.project.root] : [] });
    await f.host?.close();
  };
  try {
    f.host = await startAgentHost(turn, delivery);
    f.project = await makeProject(
      'scale',
      ({ scratch }) => scriptedClaudeConfig(writeScriptedClaude(scratch, f.host.port), { runtime }),
      { tmpPrefix: 'ao-bench-git-' },
    );
    f.port = await freePort();
    f.daemon = await launchDaemon({
      dataDir: f.dataDir,
      port: f.port,
      configPath: f.project.configPath,
    }).ready();
    return f;
  } catch (err) {
    await f.stop();
    throw err;
  }
}

/** The sessions the daemon lists as running. */
export async function liveSessions(f) {
  return (await statusCounts(f.daemon)).sessions.filter((s) => s.status === 'running');
}

/**
 * Spawns sessions (5 in flight) until `n` run, then waits until every one is idle (its first turn done, Stop seen)
 * and its agent connected to the host. Returns the spawn time of this step (not a goal: steady state is measured).
 */
export async function growTo(f, n) {
  const before = (await liveSessions(f)).length;
  const t0 = performance.now();
  const toSpawn = Math.max(0, n - before);
  await mapLimit(
    Array.from({ length: toSpawn }, (_, i) => i),
    5,
    async (i) => {
      const { body } = await f.daemon.api('POST', '/api/sessions', {
        prompt: `scale ${before + i}: fix the login test`,
      });
      if (body.session.status !== 'running') throw new Error(`${body.session.id} is ${body.session.status}`);
    },
  );
  const spawnedMs = performance.now() - t0;
  const live = await waitFor(
    async () => {
      const sessions = await liveSessions(f);
      const ready = sessions.filter(
        (s) => s.activity === 'idle' && f.host.agents.get(s.agentSessionId)?.turns >= 1,
      );
      return ready.length >= n && sessions;
    },
    `${n} idle sessions`,
    600_000,
    1000,
  );
  return {
    from: before,
    to: live.length,
    spawned: toSpawn,
    spawnMs: spawnedMs,
    settledMs: performance.now() - t0,
  };
}
