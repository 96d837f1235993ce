// Benchmark: GitHub API requests per hour for N open PRs, counted at a fake GitHub (@ao/testkit's startBenchFakeGitHub).
// The poll interval is shortened to the minimum the config allows (10 s; the reconciler ticks every 15 s), requests
// are counted per poll and extrapolated to the default 60 s. Phase 1: polling only (no webhooks). Phase 2: signed
// check_run deliveries keep most PRs confirmed (one every interval/2), the others get none; what polling still does is
// counted apart from the refreshes the deliveries cause. 304s are counted apart (GitHub does not bill them).
// Phase 3 (github-requests-escalated.mjs): requests per minute for one failing PR whose failure was already sent and
// escalated, polled every 10 s, with 100 ms added to every API answer.
// Usage: node bench/github-requests.mjs [--prs 30] [--window 45] [--confirmed 0.8] [--escalated-window 60]
//        [--latency 100] [--only escalated|polling]
import { parseArgs } from 'node:util';
import {
  checkBuilt,
  checkRunPayload,
  deliver,
  goal,
  makeDataDir,
  printMachine,
  REPO,
  round,
  sessionsWithPrs,
  signedDelivery,
  sleep,
  startGithubBench,
  stopGithubBench,
  warnIfRebuilt,
} from '../packages/testkit/dist/testkit.mjs';
import { escalatedFailingPr } from './github-requests-escalated.mjs';

const { values: opts } = parseArgs({
  options: {
    prs: { type: 'string', default: '30' },
    window: { type: 'string', default: '45' },
    confirmed: { type: 'string', default: '0.8' },
    'escalated-window': { type: 'string', default: '60' },
    latency: { type: 'string', default: '100' },
    only: { type: 'string' },
  },
});
const POLL_SEC = 10;
const CONFIGURED_SEC = 60;
const LIMIT = 5000;

/** Requests in the fake's log from `from` on: per route and status, PR reads per PR number. */
function tally(log, from, to = log.length) {
  const byRoute = {};
  const pullReads = new Map();
  let notModified = 0;
  let billable = 0;
  let graphql = 0;
  for (const e of log.slice(from, to)) {
    const key = `${e.route} ${e.status}`;
    byRoute[key] = (byRoute[key] ?? 0) + 1;
    if (e.status === 304) notModified += 1;
    else billable += 1;
    if (e.route === 'POST graphql') graphql += 1;
    const m = /\/pulls\/(\d+)$/.exec(e.path);
    if (m && e.method === 'GET') pullReads.set(Number(m[1]), (pullReads.get(Number(m[1])) ?? 0) + 1);
  }
  const reads = [...pullReads.values()].reduce((a, n) => a + n, 0);
  return {
    total: to - from,
    notModified,
    billable,
    graphql,
    restBillable: billable - graphql,
    byRoute,
    pullReads,
    reads,
  };
}

/** Per hour at the configured interval, for `prs` PRs polled every CONFIGURED_SEC, from per-poll figures. */
function perHour(t, prs) {
  const polls = (prs * 3600) / CONFIGURED_SEC;
  const per = (n) => round((n / t.reads) * polls, 0);
  return {
    polls,
    total: per(t.total),
    notModified: per(t.notModified),
    billable: per(t.billable),
    graphql: per(t.graphql),
    restBillable: per(t.restBillable),
  };
}

async function pollingOnly(b, prs, seconds) {
  const from = b.gh.log.length;
  const t0 = performance.now();
  await sleep(seconds * 1000); // the measurement window
  const t = tally(b.gh.log, from);
  const elapsed = (performance.now() - t0) / 1000;
  const hour = perHour(t, prs.length);
  console.log(
    `polling only, ${prs.length} PRs, ${elapsed.toFixed(1)} s: ${t.total} requests (${t.notModified} 304s), ` +
      `${t.reads} PR polls = ${round(t.total / t.reads, 2)} requests per poll (${round(t.notModified / t.reads, 2)} ` +
      `of them 304), one every ${round((elapsed * prs.length) / t.reads, 1)} s per PR; ${JSON.stringify(t.byRoute)}`,
  );
  console.log(
    `  per hour at pollIntervalSec ${CONFIGURED_SEC}: ${hour.total} requests, ${hour.notModified} of them 304 (free), ` +
      `${hour.billable} billable = ${hour.restBillable} REST + ${hour.graphql} GraphQL ` +
      `(${round((hour.billable / LIMIT) * 100, 1)} % of ${LIMIT}/hour)`,
  );
  return {
    seconds: round(elapsed, 1),
    perPoll: round(t.total / t.reads, 2),
    ...t,
    pullReads: undefined,
    perHour: hour,
  };
}

/** Keeps `confirmed` PRs confirmed by a check_run delivery every POLL_SEC/2; counts the rest's polling. */
async function withWebhooks(b, prs, seconds, share) {
  const confirmed = prs.slice(0, Math.round(prs.length * share));
  const quiet = prs.slice(confirmed.length);
  const from = b.gh.log.length;
  const t0 = performance.now();
  let deliveries = 0;
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    const round0 = performance.now();
    await Promise.all(
      confirmed.map(async (p) => {
        const payload = checkRunPayload(REPO, { ...p, status: 'completed', conclusion: 'success' });
        const res = await deliver(b.daemon.url, signedDelivery(b.secret, 'check_run', payload));
        if (res.status !== 202) throw new Error(`delivery for ${p.id}: HTTP ${res.status}`);
        deliveries += 1;
      }),
    );
    await sleep(Math.max(0, round0 + (POLL_SEC * 1000) / 2 - performance.now()));
  }
  const t = tally(b.gh.log, from);
  const elapsed = (performance.now() - t0) / 1000;
  const quietReads = quiet.reduce((a, p) => a + (t.pullReads.get(p.number) ?? 0), 0);
  const confirmedReads = confirmed.reduce((a, p) => a + (t.pullReads.get(p.number) ?? 0), 0);
  const polledConfirmed = confirmedReads - deliveries;
  const perPoll = t.total / t.reads;
  const residual = {
    prsPolled: quiet.length,
    requests: round((quiet.length * 3600 * perPoll) / CONFIGURED_SEC, 0),
    billable: round((quiet.length * 3600 * (t.billable / t.reads)) / CONFIGURED_SEC, 0),
  };
  console.log(
    `with webhooks, ${elapsed.toFixed(1)} s: ${deliveries} deliveries to ${confirmed.length} PRs, none to ` +
      `${quiet.length}; ${t.total} requests (${t.notModified} 304s); PR reads: ${confirmedReads} on confirmed PRs ` +
      `(${deliveries} caused by deliveries, ${polledConfirmed} by polling), ${quietReads} polls of the others`,
  );
  console.log(
    `  each delivery costs one PR refresh (${round(perPoll, 2)} requests, ${round(t.graphql / t.reads, 2)} GraphQL); polling that remains at ` +
      `${CONFIGURED_SEC} s: ${residual.requests} requests/hour (${residual.billable} billable) for the ${quiet.length} ` +
      `unconfirmed PRs`,
  );
  return {
    seconds: round(elapsed, 1),
    deliveries,
    confirmedPrs: confirmed.length,
    quietPrs: quiet.length,
    confirmedReads,
    polledConfirmed,
    quietReads,
    byRoute: t.byRoute,
    residualPerHour: residual,
  };
}

async function run(b, dataDir) {
  await startGithubBench(b, { dataDir, id: 'poll', pollIntervalSec: POLL_SEC });
  const prs = await sessionsWithPrs(b, Number(opts.prs), { link: 'webhook' });
  console.log(
    `${prs.length} sessions with an open PR each (linked by webhook); pollIntervalSec ${POLL_SEC}\n`,
  );
  await sleep(POLL_SEC * 1000); // let the linking deliveries' confirmation expire, so every PR is polled
  const polling = await pollingOnly(b, prs, Number(opts.window));
  const webhooks = await withWebhooks(b, prs, Number(opts.window), Number(opts.confirmed));
  return { prs: prs.length, pollIntervalSec: POLL_SEC, extrapolatedTo: CONFIGURED_SEC, polling, webhooks };
}

async function polling() {
  const dataDir = makeDataDir();
  const b = {};
  try {
    return await run(b, dataDir);
  } finally {
    await stopGithubBench(b, dataDir);
  }
}

async function main() {
  checkBuilt();
  const machine = printMachine();
  if (opts.only && !['escalated', 'polling'].includes(opts.only)) throw new Error('--only escalated|polling');
  const result = opts.only === 'escalated' ? {} : await polling();
  const goals = {};
  if (result.polling) {
    const p = result.polling.perHour;
    // REST and GraphQL have separate 5,000/hour budgets (GraphQL in points, >= 1 per query); 304s cost nothing.
    goals.pollingRest = goal(
      'polling-only REST requests/hour, 304s excluded',
      p.restBillable,
      LIMIT / 10,
      '',
    );
    goals.pollingGraphql = goal('polling-only GraphQL queries/hour', p.graphql, LIMIT / 10, '');
    console.log(
      `polling-only, all billable requests together: ${p.billable}/hour (${round((p.billable / LIMIT) * 100, 1)} % of ${LIMIT})`,
    );
  }
  if (opts.only !== 'polling') {
    console.log('');
    result.escalated = await escalatedFailingPr({
      seconds: Number(opts['escalated-window']),
      latencyMs: Number(opts.latency),
    });
    // Nothing changed on the PR: every poll should be answered with 304s only.
    goals.escalatedBillable = goal(
      'escalated failing PR, billable requests/minute',
      result.escalated.billablePerMinute,
      0,
      '',
    );
  }
  const sameBuild = warnIfRebuilt(machine.build);
  console.log(
    JSON.stringify({
      bench: 'github-requests',
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
