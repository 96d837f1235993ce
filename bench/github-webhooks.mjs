// Benchmark: GitHub webhook received -> SSE event delivered, and a burst of signed deliveries (distinct ids with
// duplicates mixed in) processed exactly once. Real daemon, the testkit's fake GitHub, sessions with
// one open PR each. Latency: the bench flips a PR's check run at the fake (in progress <-> green), POSTs the signed
// check_run delivery and times it until the session's first event and until `pr.updated` shows the new CI state.
// Last, GitHub turned slow (--slow-latency ms on every API answer): the time each delivery's POST takes to be answered.
// Usage: node bench/github-webhooks.mjs [--sessions 10] [--deliveries 200] [--burst 500] [--duplicates 50]
//        [--concurrency 20] [--slow-deliveries 200] [--slow-latency 2000]
import { parseArgs } from 'node:util';
import {
  checkBuilt,
  checkRunPayload,
  deliver,
  formatSummary,
  goal,
  makeDataDir,
  openEventHub,
  percentile,
  printMachine,
  REPO,
  round,
  sessionsWithPrs,
  signedDelivery,
  sleep,
  startGithubBench,
  stopGithubBench,
  summarize,
  warnIfRebuilt,
} from '../packages/testkit/dist/testkit.mjs';
import { runBurst } from './github-webhooks-burst.mjs';

const { values: opts } = parseArgs({
  options: {
    sessions: { type: 'string', default: '10' },
    deliveries: { type: 'string', default: '200' },
    burst: { type: 'string', default: '500' },
    duplicates: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '20' },
    'slow-deliveries': { type: 'string', default: '200' },
    'slow-latency': { type: 'string', default: '2000' },
  },
});

/** One flip of one PR's CI at the fake, its check_run delivery, and the times to the events it causes. */
async function flip(b, hub, pr) {
  const green = pr.ci !== 'passing';
  b.gh.setCheck(REPO, pr.sha, green ? 'completed' : 'in_progress', green ? 'success' : null);
  const want = green ? 'passing' : 'pending';
  const ofSession = (e) => e.data?.session?.id === pr.id;
  const first = hub.next(ofSession, 10_000, `an event of ${pr.id}`);
  const state = hub.next(
    (e) => e.type === 'pr.updated' && ofSession(e) && e.data.session.pr?.ci === want,
    10_000,
    `pr.updated ${pr.id} ci=${want}`,
  );
  const payload = checkRunPayload(REPO, {
    ...pr,
    status: green ? 'completed' : 'in_progress',
    conclusion: green ? 'success' : null,
  });
  const delivery = signedDelivery(b.secret, 'check_run', payload);
  const t0 = performance.now();
  const res = await deliver(b.daemon.url, delivery);
  if (res.status !== 202)
    throw new Error(`check_run delivery: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  const [f, s] = await Promise.all([first, state]);
  pr.ci = want;
  return {
    first: f.receivedAt - t0,
    state: s.receivedAt - t0,
    // Daemon clock (1 ms): from the delivery's first event (stored) to pr.updated (the PR refresh at GitHub).
    refresh: Date.parse(s.event.at) - Date.parse(f.event.at),
    firstType: f.event.type,
    reply: res.ms,
  };
}

async function latency(b, hub, prs, count) {
  const results = [];
  for (let i = 0; i < count; i++) {
    results.push(await flip(b, hub, prs[i % prs.length]));
    await sleep(20); // spacing between deliveries, not a wait for anything
  }
  const firstTypes = {};
  for (const r of results) firstTypes[r.firstType] = (firstTypes[r.firstType] ?? 0) + 1;
  return {
    firstEvent: summarize(results.map((r) => r.first)),
    prUpdated: summarize(results.map((r) => r.state)),
    reply: summarize(results.map((r) => r.reply)),
    refresh: summarize(results.map((r) => r.refresh)),
    firstTypes,
  };
}

/**
 * GitHub slow to answer the daemon (every API answer held `latencyMs`): each delivery must still be answered at once
 * (202 once stored), the PR refreshes it causes run later from the inbox. Times each POST's answer.
 */
async function slowGithub(b, prs, count, latencyMs) {
  b.gh.gh.latencyMs = latencyMs;
  const replies = [];
  try {
    for (let i = 0; i < count; i++) {
      const pr = prs[i % prs.length];
      const payload = checkRunPayload(REPO, { ...pr, status: 'in_progress', conclusion: null });
      const res = await deliver(b.daemon.url, signedDelivery(b.secret, 'check_run', payload));
      if (res.status !== 202)
        throw new Error(`check_run delivery: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      replies.push(res.ms);
      await sleep(20);
    }
  } finally {
    b.gh.gh.latencyMs = 0;
  }
  const reply = { ...summarize(replies), p99: round(percentile(replies, 99)) };
  console.log(
    `${formatSummary(`webhook POST answered while GitHub takes ${latencyMs} ms per request`, reply)}, p99 ${reply.p99} ms`,
  );
  return { latencyMs, reply };
}

async function run(b, dataDir) {
  await startGithubBench(b, { dataDir, id: 'hooks', pollIntervalSec: 3600 });
  const prs = await sessionsWithPrs(b, Number(opts.sessions), { link: 'webhook' });
  for (const pr of prs) pr.ci = 'passing';
  console.log(`${prs.length} sessions, each with an open PR linked by a signed pull_request delivery`);
  const hub = await openEventHub(b.daemon, { keep: true });
  try {
    const lat = await latency(b, hub, prs, Number(opts.deliveries));
    console.log(formatSummary('check_run delivery -> first SSE event of the session', lat.firstEvent));
    console.log(formatSummary('check_run delivery -> pr.updated with the new CI state', lat.prUpdated));
    console.log(
      `  webhook POST answered: p50 ${lat.reply.p50} ms, p95 ${lat.reply.p95} ms; ` +
        `first events by type ${JSON.stringify(lat.firstTypes)}; first event -> pr.updated (the PR refresh, ` +
        `daemon clock): p50 ${lat.refresh.p50} ms, p95 ${lat.refresh.p95} ms`,
    );
    const burst = await runBurst(b, hub, dataDir, prs, {
      total: Number(opts.burst),
      duplicates: Number(opts.duplicates),
      concurrency: Number(opts.concurrency),
    });
    const slow = await slowGithub(b, prs, Number(opts['slow-deliveries']), Number(opts['slow-latency']));
    return { sessions: prs.length, latency: lat, burst, slow };
  } finally {
    hub.close();
  }
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  console.log(
    'GitHub: a local fake (REST + GraphQL with ETags) answers the daemon in well under a millisecond, so these ' +
      "times are the daemon's own; a real GitHub adds its response time to the refresh (4 requests, 3 in parallel)\n",
  );
  const dataDir = makeDataDir();
  const b = {};
  let result;
  try {
    result = await run(b, dataDir);
  } finally {
    await stopGithubBench(b, dataDir);
  }
  const { burst } = result;
  const goals = {
    p95: goal('p95 webhook -> pr.updated on SSE', result.latency.prUpdated.p95, 50, 'ms'),
    lost: goal('burst deliveries lost', burst.lost, 0, ''),
    doubled: goal('burst deliveries processed twice', burst.doubled, 0, ''),
    slowReply: goal('p99 webhook answered, GitHub slow', result.slow.reply.p99, 50, 'ms'),
  };
  const sameBuild = warnIfRebuilt(machine.build);
  console.log(
    JSON.stringify({
      bench: 'github-webhooks',
      date: new Date().toISOString(),
      machine,
      sameBuild,
      ...result,
      goals,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
