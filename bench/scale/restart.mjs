// Restart-to-recovered at N: SIGKILL the daemon, start it again on the same port and data dir, and time from the new
// process's spawn to its first answered `GET /api/sessions`, to every session listed running, and to the
// `daemon.recovered` event (subscribed with the Last-Event-ID from before the kill, so it is replayed if it came first).
import {
  lastEventId,
  launchDaemon,
  openSse,
  round,
  sleep,
  waitFor,
} from '../../packages/testkit/dist/testkit.mjs';

const POLL_MS = 20;

export async function measureRestart(f, expected) {
  const afterId = await lastEventId(f.daemon);
  const token = f.daemon.token;
  f.daemon.child.kill('SIGKILL');
  await f.daemon.exited;
  const wallStart = Date.now();
  const next = launchDaemon({ dataDir: f.dataDir, port: f.port });
  f.daemon = next;
  next.token = token;
  const t0 = next.spawnedAt;
  const recovered = recoveredEvent(next.url, token, afterId, 60_000);
  const answeredAt = await waitFor(
    async () => {
      next.assertAlive();
      const res = await fetch(`${next.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      return res.ok && performance.now();
    },
    'GET /api/sessions answered',
    60_000,
    POLL_MS,
  );
  const listedAt = await waitFor(
    async () => {
      const { body } = await next.api('GET', '/api/sessions');
      return body.sessions.filter((s) => s.status === 'running').length >= expected && performance.now();
    },
    `all ${expected} sessions listed as running`,
    60_000,
    POLL_MS,
  );
  const { event, receivedAt } = await recovered;
  await next.ready();
  const r = {
    firstAnswerMs: round(answeredAt - t0),
    allRunningListedMs: round(listedAt - t0),
    recoveredEventMs: round(Date.parse(event.at) - wallStart),
    recoveredReceivedMs: round(receivedAt - t0),
    recovered: event.data,
  };
  r.recoveredMs = Math.max(r.recoveredEventMs, r.allRunningListedMs);
  console.log(
    `    restart: first GET /api/sessions answered ${r.firstAnswerMs} ms, all ${expected} listed running ` +
      `${r.allRunningListedMs} ms, daemon.recovered emitted ${r.recoveredEventMs} ms (received ` +
      `${r.recoveredReceivedMs} ms) ${JSON.stringify(r.recovered)}`,
  );
  return r;
}

/** Subscribes (retrying until the daemon accepts connections) and resolves with the first `daemon.recovered`. */
function recoveredEvent(url, token, afterId, timeoutMs) {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const attempt = () => {
      if (performance.now() > deadline)
        return reject(new Error(`no daemon.recovered within ${timeoutMs} ms`));
      const sse = openSse(
        `${url}/api/events`,
        { authorization: `Bearer ${token}`, 'last-event-id': String(afterId) },
        (message) => {
          if (message.event !== 'daemon.recovered') return;
          sse.close();
          resolve({ event: message.data, receivedAt: message.receivedAt });
        },
      );
      sse.done.then(
        () => reject(new Error('the event stream ended before daemon.recovered')),
        () => sleep(POLL_MS).then(attempt), // not listening yet: try again
      );
    };
    attempt();
  });
}
