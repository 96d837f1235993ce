// Benchmark: a fleet working a backlog. A local repository (bare remote) with --issues issues (default 100) in the
// fake GitHub, worked by --agents scripted agents at once (default 30): ao's generic agent running
// bench/fleet-sim/agent.mjs, which edits, commits, pushes and answers CI-failure and rebase messages. This script
// plays GitHub's CI and reviewers (bench/fleet-sim/ci.mjs): a check run per pushed head (real bugs the agent fixes,
// flaky failures that pass on a re-run of the same sha, a period when main's check is broken), bot and human
// approvals; blockers between issues ("Blocked by #N"), pairs of issues editing the same line, one stuck agent.
// Sessions are spawned through the API as slots free up; PRs merge through ao's merge queue with auto-merge.
// Prints merged PRs per hour, human decisions by kind, agent turns spent on flaky/broken-base failures, conflicts
// first seen before a PR vs at merge, GitHub requests, lost work, wall time, and met/not met for the goals.
// Usage: npm run build -w @ao/daemon && node bench/fleet-sim.mjs [--quick] [--issues 100] [--agents 30] [--as-is] [--keep]

import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  checkBuilt,
  cleanup,
  deliver,
  makeDataDir,
  makeProject,
  openSse,
  printMachine,
  round,
  signedDelivery,
  sleep,
  startDaemon,
  startFakeGitHub,
} from '../packages/testkit/dist/testkit.mjs';
import { FleetCi } from './fleet-sim/ci.mjs';
import { printFigures } from './fleet-sim/figures.mjs';
import { issueBody, planIssues, sharedFiles } from './fleet-sim/plan.mjs';

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    issues: { type: 'string' },
    agents: { type: 'string' },
    'timeout-min': { type: 'string' },
    // merge.requireUpToDate: false (a ready, cleanly mergeable PR merges as it is, no rebase-and-recheck round)
    'as-is': { type: 'boolean', default: false },
    // keep the data dir (daemon log, database), the project and the remote for a look after the run
    keep: { type: 'boolean', default: false },
  },
});
const ISSUES = Number(opts.issues ?? (opts.quick ? 12 : 100));
const AGENTS = Number(opts.agents ?? (opts.quick ? 4 : 30));
const TIMEOUT_MS = Number(opts['timeout-min'] ?? (opts.quick ? 10 : 120)) * 60_000;
const REPO = 'acme/fleet';
const AGENT = fileURLToPath(new URL('./fleet-sim/agent.mjs', import.meta.url));
const BROKEN_MS = opts.quick ? 20_000 : 60_000;
const LIVE = new Set(['spawning', 'running']);

/** Counts the notifications ao sends (the webhook notifier posts each one here), by priority. */
async function startNotificationSink() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        received.push(JSON.parse(body));
      } catch {
        received.push({ raw: body });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/notify`, received, close: () => server.close() };
}

async function setUp(b) {
  b.gh = await startFakeGitHub();
  b.sink = await startNotificationSink();
  const conn = { baseUrl: b.gh.url, graphqlUrl: b.gh.graphqlUrl, token: b.gh.token };
  b.project = await makeProject(
    'fleet',
    ({ scratch }) => {
      b.scratch = scratch;
      return {
        agent: 'generic',
        agents: {
          generic: {
            command: [process.execPath, AGENT, join(scratch, 'plans.json'), join(scratch, 'agents.jsonl')],
            prompt: 'type',
            typeDelayMs: 300,
          },
        },
        scm: 'github',
        scms: { github: conn },
        github: { pollIntervalSec: 10 },
        merge: { queue: true, autoMerge: true, requireUpToDate: !opts['as-is'] },
        reactions: { agent_stuck: { action: 'spawn_agent', after: '60s' } },
        notifiers: {
          routing: { urgent: ['webhook'], action: ['webhook'] },
          webhook: { url: b.sink.url, secret: 'fleet-sim-notifier-secret' },
        },
      };
    },
    { project: { repo: REPO }, tmpPrefix: 'ao-fleet-' },
  );
  b.gh.addRepo(REPO, { gitDir: b.project.remote });
  b.plans = planIssues(ISSUES);
  writeFileSync(join(b.scratch, 'plans.json'), JSON.stringify(b.plans));
  for (const file of sharedFiles(b.plans)) {
    mkdirSync(join(b.project.repo, 'src'), { recursive: true });
    writeFileSync(join(b.project.repo, file), 'base line\nsecond line\n');
  }
  writeFileSync(join(b.project.repo, 'README.md'), '# fleet\n');
  await b.project.git(['add', '.']);
  await b.project.git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'sources']);
  await b.project.git(['push', '-q', 'origin', 'main']);
  for (let n = 1; n <= ISSUES; n++)
    b.gh.addIssue(REPO, { number: n, title: `fleet-sim issue #${n}`, body: issueBody(b.plans[n]) });
  b.ci = new FleetCi(b.gh, REPO, b.project.remote, b.plans);
  b.dataDir = makeDataDir('ao-fleet-');
  b.daemon = await startDaemon({ dataDir: b.dataDir, configPath: b.project.configPath });
  const projects = (await b.daemon.api('GET', '/api/projects')).body.projects ?? [];
  if (!projects.length) await b.daemon.api('POST', '/api/projects', { configPath: b.project.configPath });
  b.secret = (await b.daemon.api('GET', '/api/github/webhook')).body.secret;
  b.predicted = new Map();
  b.merging = new Map();
  b.events = watchEvents(b);
}

/**
 * ao's event stream, for the moments the run's 1 s polling would round: when a session first showed a predicted
 * conflict (`session.conflicts`) and when the queue started merging each session's PR (`merge_queue.merging`).
 */
function watchEvents(b) {
  const headers = { authorization: `Bearer ${b.daemon.token}` };
  const stream = openSse(`${b.daemon.url}/api/events`, headers, (m) => {
    if (m.event === 'session.conflicts') {
      const s = m.data?.data?.session;
      if (s && !b.predicted.has(s.id) && (s.conflicts ?? []).some((c) => c.kind === 'conflict'))
        b.predicted.set(s.id, Date.now());
    } else if (m.event === 'merge_queue.merging') {
      const id = m.data?.data?.sessionId;
      if (id && !b.merging.has(id)) b.merging.set(id, Date.now());
    }
  });
  stream.done.catch((err) => console.error(`event stream: ${err.message}`));
  return stream;
}

/** Sends GitHub's webhook deliveries for what the CI and reviewers did since the last tick. */
async function flushWebhooks(b) {
  for (const [event, payload] of b.ci.outbox.splice(0)) {
    const res = await deliver(b.daemon.url, signedDelivery(b.secret, event, payload));
    if (res.status >= 300) console.error(`webhook ${event}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Spawns the next issues whose blockers are merged, while fewer than AGENTS sessions are live. */
async function spawnReady(b, sessions) {
  const live = sessions.filter((s) => LIVE.has(s.status) && b.sessionIssue.has(s.id)).length;
  let free = AGENTS - live;
  const mergedIssues = new Set(b.ci.merged().map((pr) => pr.issue));
  for (let n = 1; n <= ISSUES && free > 0; n++) {
    if (b.spawned.has(n)) continue;
    const blocker = b.plans[n].blockedBy;
    if (blocker && !mergedIssues.has(blocker)) continue;
    const res = await b.daemon.api('POST', '/api/sessions', { prompt: `fleet-sim issue #${n}` });
    const s = res.body.session;
    b.spawned.set(n, { id: s.id, at: Date.now() });
    b.sessionIssue.set(s.id, n);
    b.ci.issueOf.set(s.branch, n);
    free -= 1;
  }
}

/** Predicted conflicts seen on the sessions: the first time each session showed one. */
function notePredicted(b, sessions) {
  for (const s of sessions) {
    if (!b.sessionIssue.has(s.id) || b.predicted.has(s.id)) continue;
    if ((s.conflicts ?? []).some((c) => c.kind === 'conflict')) b.predicted.set(s.id, Date.now());
  }
}

/**
 * GitHub's side (CI, reviews, the broken period, webhook deliveries) every second, in a loop of its own: GitHub does
 * not wait while the fleet's side spawns sessions (each spawn makes a worktree, seconds under load).
 */
async function githubLoop(b, done) {
  while (!done()) {
    await b.ci.tick();
    await flushWebhooks(b);
    const merged = b.ci.merged().length;
    if (!b.ci.broken && !b.ci.brokenDone && merged >= Math.max(2, Math.floor(ISSUES / 4)))
      await b.ci.breakBase();
    if (b.ci.broken && Date.now() - b.ci.broken.since > BROKEN_MS) await b.ci.fixBase();
    await flushWebhooks(b);
    await sleep(1000);
  }
}

/** The fleet's side: spawns ready issues as slots free up, notes predicted conflicts, reports progress. */
async function fleetLoop(b, t0, done) {
  let lastReport = 0;
  while (!done()) {
    const sessions = (await b.daemon.api('GET', '/api/sessions')).body.sessions;
    notePredicted(b, sessions);
    await spawnReady(b, sessions);
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      const live = sessions.filter((s) => LIVE.has(s.status)).length;
      const merged = b.ci.merged().length;
      console.log(
        `  ${round((Date.now() - t0) / 1000, 0)} s: ${b.spawned.size} spawned, ${live} live, ${merged} merged`,
      );
    }
    await sleep(1000);
  }
}

async function run(b) {
  const t0 = Date.now();
  b.spawned = new Map();
  b.sessionIssue = new Map();
  const done = () => b.stopped || Date.now() - t0 >= TIMEOUT_MS || b.ci.merged().length >= ISSUES;
  await Promise.all([githubLoop(b, done), fleetLoop(b, t0, done)]);
  b.wallMs = Date.now() - t0;
}

const b = {};
// Ctrl-C / SIGTERM end the run early: the figures so far are printed and everything is cleaned up.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (b.stopped = true));
checkBuilt();
printMachine();
console.log(
  `fleet-sim: ${ISSUES} issues, ${AGENTS} agents at once${opts.quick ? ' (--quick)' : ''}; ao config: merge ` +
    `queue + autoMerge${opts['as-is'] ? ' + requireUpToDate: false' : ''}, github.pollIntervalSec 10 + webhooks, agent_stuck: spawn_agent after 60s, notifiers: ` +
    'urgent and action priorities to a webhook (counted as human decisions)',
);
try {
  await setUp(b);
  await run(b);
  await printFigures(b, { issues: ISSUES, agents: AGENTS });
} catch (err) {
  console.error(err);
  if (b.daemon) console.error(b.daemon.output().slice(-3000));
  process.exitCode = 1;
} finally {
  b.events?.close();
  if (opts.keep) {
    await b.daemon?.stop().catch(() => {});
    if (b.daemon) writeFileSync(join(b.dataDir, 'daemon-output.log'), b.daemon.output());
    console.log(`kept: data dir ${b.dataDir}, project ${b.project?.root}`);
  } else await cleanup({ daemon: b.daemon, dataDir: b.dataDir, dirs: b.project ? [b.project.root] : [] });
  b.sink?.close();
  await b.gh?.close().catch(() => {});
}
