// Benchmark: `GET /api/report` (what `ao report` prints) over 10,000 sessions and 100,000 commits. The project's
// repository gets the commits through `git fast-import` (500 session branches and main, most branch commits
// co-authored by a model, over 7 days); the database gets 10,000 session outcomes with their review items and CI
// cycles, written beside a stopped daemon. Times: the first report (git read whole: indexing), the first report after
// a restart (cold: the index is in SQLite) and warm reports (median of 5). Goal: cold and warm ≤ 2 s.
// Usage: node bench/report.mjs [--sessions 10000] [--commits 100000]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkBuilt,
  cleanup,
  goal,
  makeDataDir,
  makeProject,
  printMachine,
  round,
  startDaemon,
} from '../packages/testkit/dist/testkit.mjs';
import { writeHistory } from './report-history.mjs';

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: { sessions: { type: 'string', default: '10000' }, commits: { type: 'string', default: '100000' } },
});
const SESSIONS = Number(opts.sessions);
const COMMITS = Number(opts.commits);

/** 10,000 outcomes over the last 7 days: 70% with a PR, half merged, CI cycles, review items by bots and humans. */
function seedOutcomes(dataDir, projectId) {
  const Database = require('better-sqlite3');
  const db = new Database(join(dataDir, 'ao.db'));
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  const outcome = db.prepare(
    `INSERT INTO session_outcomes (session_id, project_id, task, title, branch, agent, models, started_at, first_pr_at,
       pr_number, ci_failures, ci_fix_cycles, ci_successes, review_rounds, comments_human, comments_bot, end_state,
       ended_at, merged_at, last_head, last_ci, updated_at)
     VALUES (?, ?, 'prompt', ?, ?, 'claude-code', '["claude-sonnet-4-5"]', ?, ?, ?, ?, ?, ?, 2, 1, 2, ?, ?, ?, ?, ?, ?)`,
  );
  const cycle = db.prepare(
    `INSERT INTO ci_cycles (session_id, failed_head, failed_at, checks, fixed_head, fixed_at) VALUES (?, ?, ?, '["test"]', ?, ?)`,
  );
  const item = db.prepare(
    `INSERT INTO review_items (session_id, key, kind, author, author_kind, first_seen_at, first_head, resolved_at, outcome)
     VALUES (?, ?, ?, ?, ?, ?, 'h1', ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 1; i <= SESSIONS; i++) {
      const id = `${projectId}-${i}`;
      const start = now - 7 * 86_400_000 + Math.floor((i / SESSIONS) * 7 * 86_400_000) - 3_600_000;
      const pr = i % 10 < 7;
      const merged = pr && i % 2 === 0;
      const end = i % 10 === 9 ? null : start + 3_600_000;
      const failures = pr ? i % 3 : 0;
      outcome.run(
        id,
        projectId,
        `task ${i}`,
        `ao/s-${i}`,
        iso(start),
        pr ? iso(start + 600_000) : null,
        pr ? i : null,
        failures,
        failures ? 1 : 0,
        pr ? 1 : 0,
        end ? (merged ? 'merged' : 'closed') : null,
        end ? iso(end) : null,
        merged && end ? iso(end) : null,
        'h2',
        pr ? 'passing' : null,
        iso(end ?? start),
      );
      if (failures) cycle.run(id, 'h1', iso(start + 900_000), 'h2', iso(start + 900_000 + (i % 50) * 60_000));
      if (pr) {
        item.run(id, 'r1', 'review', 'coderabbitai[bot]', 'bot', iso(start + 700_000), null, null);
        item.run(id, 'r2', 'review', 'alice', 'human', iso(start + 800_000), null, null);
        item.run(
          id,
          'c1',
          'comment',
          'coderabbitai[bot]',
          'bot',
          iso(start + 700_000),
          iso(start + 1_000_000),
          'fixed',
        );
        item.run(
          id,
          'c2',
          'comment',
          'alice',
          'human',
          iso(start + 800_000),
          iso(start + 850_000),
          'explained',
        );
      }
    }
  })();
  db.close();
}

async function timeReport(d) {
  const t0 = performance.now();
  const r = await d.api('GET', '/api/report?since=8d');
  return { ms: performance.now() - t0, report: r.body };
}

checkBuilt();
printMachine();
const dataDir = makeDataDir();
const p = await makeProject('bench', {
  agent: 'generic',
  agents: { generic: { command: ['sleep', '3600'], prompt: 'none' } },
});
let d = null;
try {
  let t = performance.now();
  const base = execFileSync('git', ['rev-parse', 'main'], { cwd: p.repo, encoding: 'utf8' }).trim();
  await writeHistory(p.repo, { commits: COMMITS, base });
  execFileSync('git', ['update-ref', 'refs/remotes/origin/main', 'refs/heads/main'], { cwd: p.repo });
  console.log(
    `history: ${COMMITS} commits written with git fast-import in ${round((performance.now() - t) / 1000, 1)} s`,
  );

  d = await startDaemon({ dataDir });
  await d.api('POST', '/api/projects', { configPath: p.configPath });
  await d.stop();
  t = performance.now();
  seedOutcomes(dataDir, 'bench');
  console.log(
    `database: ${SESSIONS} session outcomes seeded in ${round((performance.now() - t) / 1000, 1)} s`,
  );

  d = await startDaemon({ dataDir });
  const first = await timeReport(d);
  const tot = first.report.totals;
  console.log(
    `first report (git read whole, commits indexed): ${round(first.ms / 1000, 2)} s — ${tot.sessions} sessions, ` +
      `${tot.commits} commits, ${tot.aiCommits} AI co-authored, ${tot.prsMerged} PRs merged, peak ${tot.peakConcurrentAgents}`,
  );
  if (tot.commits < COMMITS || tot.sessions < SESSIONS)
    throw new Error('the report did not count everything');
  await d.stop();

  d = await startDaemon({ dataDir });
  const cold = await timeReport(d);
  const warm = [];
  for (let i = 0; i < 5; i++) warm.push((await timeReport(d)).ms);
  warm.sort((a, b) => a - b);
  const median = warm[2];
  goal('report cold (after a restart)', round(cold.ms / 1000, 2), 2, 's');
  goal(
    `report warm (median of 5: ${warm.map((ms) => round(ms)).join(', ')} ms)`,
    round(median / 1000, 2),
    2,
    's',
  );
} finally {
  await cleanup({ daemon: d, dataDir, dirs: [p.root] });
}
