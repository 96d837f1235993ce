// The figures of bench/fleet-sim.mjs, read at the end of the run: from the fake GitHub, the agents' log, ao's API
// and the notifications it sent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, round } from '../../packages/testkit/dist/testkit.mjs';

const readLog = (file) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

/** Markers pushed by agents that are not in main's files at the end (squash merges: content, not commits). */
async function lostWork(remote, log, openBranches) {
  const text = await git(['grep', '-h', '-e', '.', 'main', '--', 'src', 'fixes'], remote).catch(() => '');
  const words = new Set(text.split(/\s+/).filter(Boolean));
  const pushed = log.filter((e) => e.kind === 'push' && e.marker);
  const missing = pushed.filter((e) => !words.has(e.marker));
  // A run stopped early leaves open PRs: their work is not lost, only not merged yet.
  const open = missing.filter((e) => openBranches.has(e.branch));
  return {
    pushed: pushed.length,
    open: open.length,
    lost: missing.filter((e) => !open.includes(e)).map((e) => e.marker),
  };
}

/**
 * For each pair editing the same line: when a conflict was first predicted (ao's `session.conflicts` event) vs the
 * second PR opened, and vs the first of the pair's merges starting (`merge_queue.merging`; without one, the rebase
 * asked of an agent). `leadMs`: how long before that merge the conflict was known.
 */
function conflicts(b, log) {
  const out = { pairs: 0, beforePr: 0, beforeMerge: 0, atMerge: 0, never: 0, leadMs: [] };
  const sessionOf = new Map([...b.spawned].map(([n, s]) => [n, s.id]));
  const prOf = new Map([...b.ci.prOf.values()].map((pr) => [pr.issue, pr]));
  for (const p of Object.values(b.plans)) {
    if (!p.shared || p.pairOf < p.n) continue;
    out.pairs += 1;
    const ids = [sessionOf.get(p.n), sessionOf.get(p.pairOf)];
    const predicted = Math.min(...ids.map((id) => b.predicted.get(id) ?? Infinity));
    const secondPr = Math.max(...[p.n, p.pairOf].map((n) => prOf.get(n)?.openedAt ?? Infinity));
    const rebaseAsked = Math.min(
      ...log.filter((e) => e.what === 'rebase' && [p.n, p.pairOf].includes(e.issue)).map((e) => e.at),
      Infinity,
    );
    const firstMerge = Math.min(...ids.map((id) => b.merging.get(id) ?? Infinity));
    const mergeOrAsk = firstMerge < Infinity ? firstMerge : rebaseAsked;
    if (predicted < Infinity && mergeOrAsk < Infinity) out.leadMs.push(mergeOrAsk - predicted);
    if (predicted <= secondPr) out.beforePr += 1;
    else if (predicted < mergeOrAsk) out.beforeMerge += 1;
    else if (mergeOrAsk < Infinity) out.atMerge += 1;
    else out.never += 1;
  }
  return out;
}

/** Agent turns answering a CI failure, by what the failure really was (the harness knows each failing sha). */
function ciTurns(b, log) {
  const by = { bug: 0, flaky: 0, broken: 0, none: 0 };
  for (const e of log.filter((x) => x.what === 'ci')) by[b.ci.failKind.get(e.head) ?? 'none'] += 1;
  return by;
}

const verdict = (ok) => (ok ? 'met' : 'NOT met');

/**
 * Why each issue not merged is where it is: never spawned (its blocker), its session's status and activity, its PR,
 * and the merge queue's state and reason for it. A run that ends short says what held the tail.
 */
async function printUnmerged(b, issues) {
  const mergedIssues = new Set(b.ci.merged().map((pr) => pr.issue));
  const left = [];
  for (let n = 1; n <= issues; n++) if (!mergedIssues.has(n)) left.push(n);
  if (!left.length) return;
  const sessions = (await b.daemon.api('GET', '/api/sessions')).body.sessions ?? [];
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const queue = (await b.daemon.api('GET', '/api/merge-queue')).body.projects ?? [];
  const items = new Map(queue.flatMap((p) => p.items).map((i) => [i.sessionId, i]));
  for (const p of queue) if (p.held) console.log(`merge queue held: ${p.held}`);
  console.log(`not merged (${left.length}):`);
  for (const n of left.slice(0, 40)) {
    const spawned = b.spawned.get(n);
    if (!spawned) {
      console.log(`  #${n}: not spawned (blocked by #${b.plans[n].blockedBy ?? '-'})`);
      continue;
    }
    const s = byId.get(spawned.id);
    const pr = [...b.ci.prOf.values()].find((x) => x.issue === n);
    const item = items.get(spawned.id);
    const queued = item ? `queue ${item.state} #${item.position}: ${item.reason}` : 'not in the queue';
    console.log(
      `  #${n} ${spawned.id}: ${s?.status ?? '?'}/${s?.activity ?? '?'}, PR ${pr ? `#${pr.number}` : 'none'}, ${queued}`,
    );
  }
}

export async function printFigures(b, { issues, agents }) {
  const log = readLog(join(b.scratch, 'agents.jsonl'));
  const merged = b.ci.merged().length;
  const hours = b.wallMs / 3_600_000;
  const escalations = (await b.daemon.api('GET', '/api/escalations?state=all&limit=500')).body;
  const escalationCount = (escalations.escalations ?? escalations.items ?? []).length;
  const byPriority = {};
  const byKind = {};
  for (const n of b.sink.received) {
    byPriority[n.priority ?? '?'] = (byPriority[n.priority ?? '?'] ?? 0) + 1;
    const kind = String(n.title ?? '?').replace(/^[\w-]+: /, '');
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const notifications = b.sink.received.length;
  const human = escalationCount + notifications;
  const turns = ciTurns(b, log);
  const wasted = turns.flaky + turns.broken;
  const c = conflicts(b, log);
  const requests = b.gh.requests.length;
  const limited = b.gh.requests.filter((r) => r.status === 429 || r.status === 403).length;
  const mergedPrs = new Set(b.ci.merged());
  const openBranches = new Set(
    [...b.ci.prOf].filter(([, pr]) => !mergedPrs.has(pr)).map(([branch]) => branch),
  );
  const lost = await lostWork(b.project.remote, log, openBranches);
  const turnKinds = {};
  for (const e of log.filter((x) => x.kind === 'turn')) turnKinds[e.what] = (turnKinds[e.what] ?? 0) + 1;
  const errors = log.filter((e) => e.kind === 'error');

  console.log(`\nfleet-sim results (${issues} issues, ${agents} agents)`);
  console.log(`wall time: ${round(b.wallMs / 1000, 0)} s`);
  console.log(`PRs merged: ${merged}/${issues}, ${round(merged / hours, 1)} per hour of run time`);
  console.log(
    `human decisions asked for: ${human} (escalations ${escalationCount}, notifications ${notifications} ` +
      `${JSON.stringify(byPriority)})`,
  );
  for (const [kind, count] of Object.entries(byKind)) console.log(`  notification "${kind}": ${count}`);
  const injected = {};
  for (const kind of b.ci.failKind.values()) injected[kind] = (injected[kind] ?? 0) + 1;
  console.log(`failing heads the CI produced: ${JSON.stringify(injected)}`);
  console.log(
    `agent turns answering CI failures: real bugs ${turns.bug}, flaky ${turns.flaky}, broken base ${turns.broken}, ` +
      `no failure on that head ${turns.none}; all agent turns ${JSON.stringify(turnKinds)}`,
  );
  console.log(
    `conflicting pairs: ${c.pairs}; first seen before the second PR ${c.beforePr}, after the PR but before merge ` +
      `${c.beforeMerge}, at merge ${c.atMerge}, never (worked one after the other) ${c.never}; known before the ` +
      `pair's first merge by (ms) ${JSON.stringify(c.leadMs)}`,
  );
  console.log(`GitHub requests: ${requests} (${limited} rate-limited, 403/429); the most frequent:`);
  const counts = Object.entries(b.gh.requestCounts()).sort((x, y) => y[1] - x[1]);
  for (const [what, n] of counts.slice(0, 6)) console.log(`  ${n} ${what}`);
  console.log(
    `lost work: ${lost.lost.length} of ${lost.pushed} pushed changes not on main (plus ${lost.open} in PRs still open) ${lost.lost.slice(0, 10).join(' ')}`,
  );
  if (errors.length) console.log(`agent errors: ${errors.length}, first: ${errors[0].msg}`);
  await printUnmerged(b, issues);
  console.log('goals:');
  console.log(`  all ${issues} merged: ${verdict(merged === issues)} (${merged})`);
  console.log(`  <= 5 human decisions: ${verdict(human <= 5)} (${human})`);
  console.log(`  0 turns wasted on flaky or broken-base failures: ${verdict(wasted === 0)} (${wasted})`);
  console.log(`  0 conflicts first seen at merge: ${verdict(c.atMerge === 0)} (${c.atMerge})`);
  console.log(`  0 lost work: ${verdict(lost.lost.length === 0)} (${lost.lost.length})`);
}
