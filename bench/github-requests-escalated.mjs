// Part of bench/github-requests.mjs (not a benchmark on its own): GitHub requests per minute for ONE failing PR whose
// CI failure was already handled and escalated, polled at pollIntervalSec 10, with `latencyMs` added to every API
// answer. A proxy in front of the bench's fake GitHub (@ao/testkit's startBenchFakeGitHub) adds the latency and serves the
// Actions job log (`GET .../actions/jobs/{id}/logs` -> 302 -> a signed download, as GitHub does), and logs every
// request. Billable = every API answer but a 304 (the log download host is not the API and is counted apart).
import { createServer } from 'node:http';
import {
  checkRunPayload,
  cleanup,
  deliver,
  fakeSha,
  freePort,
  makeDataDir,
  makeProject,
  pullRequestPayload,
  round,
  signedDelivery,
  sleep,
  startDaemon,
  startBenchFakeGitHub as startFakeGitHub,
  waitFor,
} from '../packages/testkit/dist/testkit.mjs';

const REPO = 'acme/escalated';
const POLL_SEC = 10;

function routeOf(method, path) {
  if (path.startsWith('/_blobs/')) return 'log download';
  if (method === 'POST' && path === '/graphql') return 'POST graphql';
  const rest = path.replace(/^\/repos\/[^/]+\/[^/]+/, '');
  if (/^\/pulls\/\d+$/.test(rest)) return 'GET pull';
  if (rest === '/pulls') return 'GET pulls (list)';
  if (/\/check-runs$/.test(rest)) return 'GET check-runs';
  if (/\/status$/.test(rest)) return 'GET status';
  if (/^\/actions\/jobs\/\d+\/logs$/.test(rest)) return 'GET job logs';
  return `${method} other`;
}

/** A proxy to the fake GitHub that answers after `latencyMs` and serves Actions job logs set with `setLog`. */
async function startApiProxy(target, latencyMs) {
  const log = [];
  const logs = new Map();
  let url = '';
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const entry = { at: performance.now(), method: req.method, path: u.pathname, route: '', status: 0 };
      entry.route = routeOf(req.method, u.pathname);
      log.push(entry);
      const send = (status, headers, body = '') => {
        entry.status = status;
        res.writeHead(status, headers).end(body);
      };
      await sleep(latencyMs);
      const job = /^\/repos\/[^/]+\/[^/]+\/actions\/jobs\/(\d+)\/logs$/.exec(u.pathname);
      if (job) {
        if (!logs.has(Number(job[1]))) return send(404, { 'content-type': 'application/json' }, '{}');
        return send(302, { location: `${url}/_blobs/logs/${job[1]}?sig=bench` });
      }
      const blob = /^\/_blobs\/logs\/(\d+)$/.exec(u.pathname);
      if (blob) return send(200, { 'content-type': 'text/plain' }, logs.get(Number(blob[1])) ?? '');
      const headers = { ...req.headers };
      for (const h of ['host', 'connection', 'content-length']) delete headers[h];
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${target.url}${req.url}`, { method: req.method, headers, body });
      const out = {};
      for (const [k, v] of answer.headers)
        if (!['content-length', 'content-encoding'].includes(k)) out[k] = v;
      send(answer.status, out, Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    log,
    setLog: (jobId, text) => logs.set(jobId, text),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function tally(entries) {
  const byRoute = {};
  let billable = 0;
  let downloads = 0;
  for (const e of entries) {
    const key = `${e.route} ${e.status}`;
    byRoute[key] = (byRoute[key] ?? 0) + 1;
    if (e.route === 'log download') downloads += 1;
    else if (e.status !== 304) billable += 1;
  }
  return { total: entries.length, billable, downloads, byRoute };
}

async function setUp(b, dataDir, latencyMs) {
  b.gh = await startFakeGitHub();
  b.gh.addRepo(REPO);
  b.proxy = await startApiProxy(b.gh, latencyMs);
  const conn = { baseUrl: b.proxy.url, graphqlUrl: `${b.proxy.url}/graphql`, token: b.gh.token };
  b.project = await makeProject(
    'esc',
    {
      agent: 'generic',
      runtime: 'tmux',
      agents: { generic: { command: ['sleep', '3600'], prompt: 'none' } },
      scm: 'github',
      scms: { github: conn },
      github: { pollIntervalSec: POLL_SEC },
      // Escalate a second after the failure was sent to the agent: what is left is a PR a human has.
      reactions: { ci_failed: { escalate_after: '1s' } },
    },
    { project: { repo: REPO }, tmpPrefix: 'ao-bench2-' },
  );
  b.daemon = await startDaemon({ dataDir, port: await freePort(), configPath: b.project.configPath });
  b.secret = (await b.daemon.api('GET', '/api/github/webhook')).body.secret;
}

/** One session, its PR failing (an Actions job with a log), handled and escalated; then counts `seconds` of polling. */
async function measure(b, seconds) {
  const { session } = (await b.daemon.api('POST', '/api/sessions', { prompt: 'escalated failing PR' })).body;
  const sha = fakeSha(`${session.branch}-1`);
  const pr = b.gh.addPull(REPO, {
    branch: session.branch,
    sha,
    check: { status: 'in_progress', conclusion: null },
  });
  const p = { number: pr.number, branch: session.branch, sha };
  const run = b.gh.setCheck(REPO, sha, 'completed', 'failure');
  b.proxy.setLog(run.id, 'Run npm test\nFAIL src/a.test.ts\n##[error]Process completed with exit code 1.\n');
  const api = (path) => b.daemon.api('GET', path).then((r) => r.body);
  const wh = async (event, payload) => {
    const res = await deliver(b.daemon.url, signedDelivery(b.secret, event, payload));
    if (res.status !== 202) throw new Error(`${event} delivery: HTTP ${res.status}`);
  };
  await wh('pull_request', pullRequestPayload(REPO, p));
  await wh('check_run', checkRunPayload(REPO, { ...p, status: 'completed', conclusion: 'failure' }));
  const t0 = performance.now();
  await waitFor(
    async () => (await api(`/api/sessions/${session.id}`)).session.escalated,
    'the failing PR to be handled and escalated',
    120_000,
    250,
  );
  const handledIn = (performance.now() - t0) / 1000;
  await sleep(POLL_SEC * 1000); // the deliveries' confirmation expires: from now on the PR is polled
  const from = b.proxy.log.length;
  const start = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - start) / 1000;
  const t = tally(b.proxy.log.slice(from));
  // A poll is a burst of requests; bursts are seconds apart.
  const entries = b.proxy.log.slice(from);
  const polls = entries.filter((e, i) => i === 0 || e.at - (entries[i - 1]?.at ?? 0) > 2000).length;
  const logFetches = b.proxy.log.filter((e) => e.route === 'GET job logs').length;
  return { handledIn, elapsed, polls, logFetches, ...t };
}

/** Runs the phase on its own daemon, fake and proxy; always cleans up. */
export async function escalatedFailingPr({ seconds, latencyMs }) {
  const dataDir = makeDataDir();
  const b = {};
  try {
    await setUp(b, dataDir, latencyMs);
    const m = await measure(b, seconds);
    const perMin = (n) => round((n / m.elapsed) * 60, 1);
    const result = {
      latencyMs,
      pollIntervalSec: POLL_SEC,
      seconds: round(m.elapsed, 1),
      polls: m.polls,
      requestsPerMinute: perMin(m.total),
      billablePerMinute: perMin(m.billable),
      logDownloadsPerMinute: perMin(m.downloads),
      jobLogRequestsTotal: m.logFetches,
      byRoute: m.byRoute,
    };
    console.log(
      `one escalated failing PR, pollIntervalSec ${POLL_SEC}, ${latencyMs} ms API latency, ${result.seconds} s ` +
        `(handled and escalated in ${round(m.handledIn, 1)} s): ${m.total} requests over ${m.polls} polls = ` +
        `${result.requestsPerMinute}/minute, ${result.billablePerMinute} billable/minute (not 304), ` +
        `${result.logDownloadsPerMinute} log downloads/minute; job log requested ${m.logFetches} time(s) in all; ` +
        JSON.stringify(m.byRoute),
    );
    return result;
  } finally {
    await cleanup({ daemon: b.daemon, dataDir, dirs: b.project ? [b.project.root] : [] });
    await b.proxy?.close();
    await b.gh?.close().catch((err) => console.error(`closing the fake GitHub: ${err.message}`));
  }
}
