// Idle figures at N: daemon CPU and RSS over a window, the processes it starts meanwhile, GET /api/sessions latency.
import {
  countChildProcesses,
  formatSummary,
  formatWindow,
  sampleWindow,
  sleep,
  summarize,
  tmux,
} from '../../packages/testkit/dist/testkit.mjs';

export async function measureIdle(f, { settleSec, windowSec, forkSec, requests }) {
  await sleep(settleSec * 1000); // the settle period is part of the measurement's definition
  const serverPid =
    f.runtime === 'tmux' ? Number((await tmux(f.dataDir, ['display-message', '-p', '#{pid}'])).trim()) : null;
  const window = await sampleWindow({ pid: f.daemon.pid, serverPid, seconds: windowSec });
  console.log(formatWindow('  idle', window).replace(/\n/g, '\n  '));
  const forks = await countChildProcesses(f.daemon.pid, forkSec);
  console.log(
    forks
      ? `    processes started by the daemon: ${forks.started} in ${forks.seconds} s (${forks.perSecond}/s) ` +
          `${JSON.stringify(forks.byProgram)} (strace, a separate window)`
      : '    processes started by the daemon: not counted (strace missing or not allowed)',
  );
  const list = await listLatency(f, requests);
  console.log(
    `    ${formatSummary(`GET /api/sessions (${list.sessions} sessions, ${list.kib} KiB)`, list.ms)}`,
  );
  return { window, forks, list };
}

/** `count` sequential GET /api/sessions, timed from send to the last byte. */
async function listLatency(f, count) {
  const times = [];
  let bytes = 0;
  let sessions = 0;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await fetch(`${f.daemon.url}/api/sessions`, {
      headers: { authorization: `Bearer ${f.daemon.token}` },
    });
    const text = await res.text();
    times.push(performance.now() - t0);
    if (!res.ok) throw new Error(`GET /api/sessions: HTTP ${res.status}`);
    bytes = text.length;
    sessions = JSON.parse(text).sessions.length;
    await sleep(20);
  }
  return { ms: summarize(times), sessions, kib: Math.round(bytes / 1024) };
}
