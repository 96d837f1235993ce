// A burst of signed webhook deliveries (distinct ids, duplicates mixed in, some racing their original) and the
// accounting that shows each distinct delivery was processed exactly once: HTTP answers, `webhook_deliveries` rows,
// the PR refreshes it caused at the fake GitHub (one `GET /pulls/<n>` per processed delivery), and the events.
// Part of bench/github-webhooks.mjs.
import {
  checkRunPayload,
  deliver,
  mapLimit,
  pullRequestPayload,
  REPO,
  signedDelivery,
  summarize,
  waitFor,
  withDb,
} from '../packages/testkit/dist/testkit.mjs';

/** Distinct deliveries round-robin over the PRs (every 9th a pull_request synchronize), then duplicates mixed in. */
function buildBurst(secret, prs, total, duplicates) {
  const distinct = [];
  for (let i = 0; i < total - duplicates; i++) {
    const pr = prs[i % prs.length];
    const d =
      i % 9 === 8
        ? signedDelivery(secret, 'pull_request', pullRequestPayload(REPO, { ...pr, action: 'synchronize' }))
        : signedDelivery(
            secret,
            'check_run',
            checkRunPayload(REPO, { ...pr, status: 'completed', conclusion: 'success' }),
          );
    distinct.push({ ...d, pr: pr.number });
  }
  const order = [...distinct];
  const picked = new Set();
  while (picked.size < Math.min(duplicates, distinct.length))
    picked.add(Math.floor(Math.random() * distinct.length));
  let racing = 0;
  for (const i of picked) {
    const original = distinct[i];
    const at = order.indexOf(original);
    // Half right behind the original (in flight together), half at a random later place.
    const pos = racing++ % 2 === 0 ? at + 1 : at + 1 + Math.floor(Math.random() * (order.length - at));
    order.splice(pos, 0, { ...original, duplicate: true });
  }
  return { distinct, order };
}

function refreshesByPr(log, from) {
  const out = new Map();
  for (const e of log.slice(from)) {
    const m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(e.path);
    if (m && e.method === 'GET') out.set(Number(m[1]), (out.get(Number(m[1])) ?? 0) + 1);
  }
  return out;
}

/**
 * Rows stored for the burst's ids and how many of them are marked processed; PR refreshes at the fake per PR against
 * distinct deliveries per PR (more refreshes than deliveries means one was processed twice; fewer is no loss: the
 * inbox refreshes a PR once for deliveries that queued up together).
 */
function processedOnce(b, dataDir, distinct, logFrom) {
  const ids = new Set(distinct.map((d) => d.id));
  const rows = withDb(dataDir, (db) =>
    db.prepare('SELECT id, processed_at AS processedAt FROM webhook_deliveries').all(),
  ).filter((r) => ids.has(r.id));
  const stored = rows.length;
  const processed = rows.filter((r) => r.processedAt !== null).length;
  const expected = new Map();
  for (const d of distinct) expected.set(d.pr, (expected.get(d.pr) ?? 0) + 1);
  const refreshes = refreshesByPr(b.gh.log, logFrom);
  let refreshShort = 0;
  let refreshExtra = 0;
  for (const [pr, n] of expected) {
    const got = refreshes.get(pr) ?? 0;
    refreshShort += Math.max(0, n - got);
    refreshExtra += Math.max(0, got - n);
  }
  return { stored, processed, refreshes, refreshShort, refreshExtra };
}

/** Sends the burst `concurrency` at a time and checks the accounting. */
export async function runBurst(b, hub, dataDir, prs, { total, duplicates, concurrency }) {
  for (const pr of prs) b.gh.setCheck(REPO, pr.sha, 'completed', 'success');
  const { distinct, order } = buildBurst(b.secret, prs, total, duplicates);
  const logFrom = b.gh.log.length;
  const eventsFrom = hub.events.length;
  const t0 = performance.now();
  const replies = await mapLimit(order, concurrency, (d) => deliver(b.daemon.url, d));
  const seconds = (performance.now() - t0) / 1000;
  const status = {};
  let matched = 0;
  for (const r of replies) {
    const key = r.status === 200 && r.body?.duplicate ? '200 duplicate' : String(r.status);
    status[key] = (status[key] ?? 0) + 1;
    matched += r.body?.sessions?.length ?? 0;
  }
  // The inbox answers 202 once a delivery is stored and processes it after: wait (bounded) until all are processed.
  const ids = distinct.map((d) => d.id);
  await waitFor(
    () => processedOnce(b, dataDir, distinct, logFrom).processed >= ids.length,
    'every burst delivery processed',
    30_000,
    250,
  ).catch(() => undefined); // what is still unprocessed then is counted as lost below
  const { stored, processed, refreshes, refreshShort, refreshExtra } = processedOnce(
    b,
    dataDir,
    distinct,
    logFrom,
  );
  const accepted = status['202'] ?? 0;
  await waitFor(
    () => prs.every((p) => hub.events.slice(eventsFrom).some((e) => e.data?.session?.id === p.id)),
    'an event for every session after the burst',
    10_000,
  );
  const events = {};
  for (const e of hub.events.slice(eventsFrom)) events[e.type] = (events[e.type] ?? 0) + 1;
  const final = (await b.daemon.api('GET', '/api/sessions')).body.sessions;
  const notGreen = final.filter((s) => prs.some((p) => p.id === s.id) && s.pr?.ci !== 'passing').length;
  const out = {
    sent: order.length,
    distinct: distinct.length,
    duplicatesSent: order.length - distinct.length,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(order.length / seconds),
    reply: summarize(replies.map((r) => r.ms)),
    status,
    matchedSessions: matched,
    storedRows: stored,
    refreshes: [...refreshes.values()].reduce((a, n) => a + n, 0),
    refreshShort,
    refreshExtra,
    events,
    notGreenAfter: notGreen,
    processedRows: processed,
    lost: Math.max(0, distinct.length - accepted) + (distinct.length - stored) + (stored - processed),
    doubled: Math.max(0, accepted - distinct.length) + refreshExtra,
  };
  printBurst(out);
  return out;
}

function printBurst(r) {
  console.log(
    `burst: ${r.sent} deliveries (${r.distinct} distinct ids + ${r.duplicatesSent} duplicates, half racing their ` +
      `original) in ${r.seconds} s (${r.perSecond}/s); replies ${JSON.stringify(r.status)}; POST p50 ${r.reply.p50} ms, ` +
      `p95 ${r.reply.p95} ms`,
  );
  console.log(
    `  webhook_deliveries rows for the burst ids: ${r.storedRows}/${r.distinct}; sessions matched in 202 replies: ` +
      `${r.matchedSessions}; processed ${r.processedRows}; PR refreshes at the fake GitHub: ${r.refreshes} (fewer than deliveries ${r.refreshShort}, extra ` +
      `${r.refreshExtra}); events ${JSON.stringify(r.events)}; sessions not green after: ${r.notGreenAfter}`,
  );
}
