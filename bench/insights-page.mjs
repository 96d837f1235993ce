// Browser benchmark: the dashboard's Insights page over 90 days of data, in Debian chromium. The project's repository
// gets the commits through `git fast-import` (main and session branches, most co-authored by a model, over 90 days);
// the database gets the session outcomes (with CI cycles and review items), written beside a stopped daemon. First
// render: navigation start -> the three charts drawn on their canvases and the session table in the DOM, then the next
// animation frame; over several loads (the first with a cold browser cache), after the report's commit index was
// built once (the first report of a repository reads git whole: timed apart). Goal: ≤ 1 s.
// Usage: node bench/insights-page.mjs [--sessions 3000] [--commits 20000] [--loads 5] [--profile last-load.cpuprofile]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cleanup,
  freePort,
  goal,
  makeDataDir,
  makeProject,
  round,
} from '../packages/testkit/dist/testkit.mjs';
import { writeHistory } from './report-history.mjs';
import {
  checkWebBuilt,
  launchBrowser,
  loggedInContext,
  printMachineAndBrowser,
  startWebDaemon,
  writeProfile,
} from './web-lib.mjs';

const require = createRequire(import.meta.url);
const { values: opts } = parseArgs({
  options: {
    sessions: { type: 'string', default: '3000' },
    commits: { type: 'string', default: '20000' },
    loads: { type: 'string', default: '5' },
    profile: { type: 'string' },
  },
});
const SESSIONS = Number(opts.sessions);
const COMMITS = Number(opts.commits);
const DAYS = 90;
const GOAL_MS = 1000;

/** SESSIONS outcomes spread over 90 days: 70% with a PR, half of those merged, CI fail → fix cycles, reviews. */
function seedOutcomes(dataDir, projectId) {
  const Database = require('better-sqlite3');
  const db = new Database(join(dataDir, 'ao.db'));
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString();
  const outcome = db.prepare(
    `INSERT INTO session_outcomes (session_id, project_id, task, title, branch, agent, models, cost_usd, tokens_in,
       tokens_out, started_at, first_pr_at, pr_number, ci_failures, ci_fix_cycles, ci_flaky_cycles, ci_successes,
       review_rounds, comments_human, comments_bot, end_state, ended_at, merged_at, last_head, last_ci, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, '["claude-sonnet-4-5"]', ?, 20000, 4000, ?, ?, ?, ?, ?, ?, ?, ?, 1, 2, ?, ?, ?, 'h2', ?, ?)`,
  );
  const cycle = db.prepare(
    `INSERT INTO ci_cycles (session_id, failed_head, failed_at, checks, fixed_head, fixed_at, flaky)
     VALUES (?, 'h1', ?, '["test","lint"]', 'h2', ?, ?)`,
  );
  const item = db.prepare(
    `INSERT INTO review_items (session_id, key, kind, author, author_kind, first_seen_at, first_head, resolved_at, outcome)
     VALUES (?, ?, ?, ?, ?, ?, 'h1', ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 1; i <= SESSIONS; i++) {
      const id = `${projectId}-${i}`;
      const start =
        now - 2 * 3_600_000 - Math.floor(((SESSIONS - i) / SESSIONS) * (DAYS * 86_400_000 - 3 * 3_600_000));
      const pr = i % 10 < 7;
      const merged = pr && i % 2 === 0;
      const end = i % 10 === 9 ? null : start + 3_600_000;
      const failures = pr ? i % 4 : 0;
      outcome.run(
        id,
        projectId,
        i % 3 ? `issue:${i}` : 'prompt',
        `task ${i}: make the thing work`,
        `ao/s-${i}`,
        i % 5 ? 'claude-code' : 'codex',
        (i % 37) / 10,
        iso(start),
        pr ? iso(start + 600_000) : null,
        pr ? i : null,
        failures,
        failures ? failures - (i % 2) : 0,
        failures && i % 7 === 0 ? 1 : 0,
        pr ? 1 : 0,
        pr ? 1 + (i % 3) : 0,
        end ? (merged ? 'merged' : 'closed') : null,
        end ? iso(end) : null,
        merged && end ? iso(end) : null,
        pr ? 'passing' : null,
        iso(end ?? start),
      );
      if (failures)
        cycle.run(id, iso(start + 900_000), iso(start + 900_000 + (i % 50) * 60_000), i % 7 === 0 ? 1 : 0);
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

/** In the page, before its scripts: resolves `window.__aoDrawn` once the charts are drawn and the table is there. */
const DRAWN_PROBE = `(() => {
  const ready = () =>
    ['chart-daily', 'chart-ci', 'chart-reviewers'].every((id) =>
      document.querySelector('[data-testid=' + id + '][data-drawn="1"] canvas'),
    ) && document.querySelector('[data-testid=insights-sessions] tr[data-session-id]');
  window.__aoDrawn = new Promise((resolve) => {
    const mo = new MutationObserver(() => {
      if (!ready()) return;
      mo.disconnect();
      const dom = performance.now();
      const rows = document.querySelectorAll('[data-testid=insights-sessions] tr[data-session-id]').length;
      requestAnimationFrame(() => resolve({ dom, frame: performance.now(), rows }));
    });
    mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-drawn'] });
  });
})();`;

/** When the report answered and the scripts were loaded (ms since navigation), from the resource timings. */
const splitProbe = () => {
  const res = performance.getEntriesByType('resource');
  const report = res.find((e) => e.name.includes('/api/report'));
  const scripts = Math.max(0, ...res.filter((e) => e.name.endsWith('.js')).map((e) => e.responseEnd));
  return {
    scripts,
    asked: report?.startTime ?? Number.NaN,
    report: report?.responseEnd ?? Number.NaN,
    reportKiB: (report?.encodedBodySize ?? 0) / 1024,
  };
};

checkWebBuilt();
const browser = await launchBrowser();
printMachineAndBrowser(browser);
const dataDir = makeDataDir();
const p = await makeProject('bench', {
  agent: 'generic',
  agents: { generic: { command: ['sleep', '3600'], prompt: 'none' } },
});
let d = null;
try {
  let t = performance.now();
  const base = execFileSync('git', ['rev-parse', 'main'], { cwd: p.repo, encoding: 'utf8' }).trim();
  await writeHistory(p.repo, { commits: COMMITS, days: DAYS, branches: 300, base });
  execFileSync('git', ['update-ref', 'refs/remotes/origin/main', 'refs/heads/main'], { cwd: p.repo });
  console.log(
    `history: ${COMMITS} commits over ${DAYS} days (git fast-import) in ${round((performance.now() - t) / 1000, 1)} s`,
  );

  const port = await freePort();
  d = await startWebDaemon({ dataDir, port, configPath: p.configPath });
  await d.stop();
  t = performance.now();
  seedOutcomes(dataDir, 'bench');
  console.log(
    `database: ${SESSIONS} session outcomes over ${DAYS} days seeded in ${round((performance.now() - t) / 1000, 1)} s`,
  );
  d = await startWebDaemon({ dataDir, port, configPath: p.configPath });

  t = performance.now();
  const first = await d.api('GET', `/api/report?since=${DAYS}d&sessions=200`);
  const tot = first.body.totals;
  console.log(
    `first report (git read whole, commits indexed): ${round(performance.now() - t)} ms — ${tot.sessions} sessions, ` +
      `${tot.commits} commits, ${first.body.days.length} days, ${first.body.ci.length} CI rows, ` +
      `${first.body.sessions.rows.length} of ${first.body.sessions.total} sessions listed`,
  );
  if (tot.sessions < SESSIONS || tot.commits < COMMITS)
    throw new Error('the report did not count everything');

  const warm = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await d.api('GET', `/api/report?since=${DAYS}d&sessions=200`);
    warm.push(performance.now() - t0);
  }
  warm.sort((a, b) => a - b);
  console.log(
    `GET /api/report?since=90d&sessions=200 warm: median ${round(warm[2])} ms (${warm.map((x) => round(x)).join(', ')})`,
  );

  const context = await loggedInContext(browser, d);
  await context.addInitScript(DRAWN_PROBE);
  const times = [];
  for (let i = 0; i < Number(opts.loads); i++) {
    const page = await context.newPage();
    const last = i === Number(opts.loads) - 1;
    const cdp = opts.profile && last ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.goto(`${d.url}/insights/?range=${DAYS}d`);
    const r = await page.evaluate(() => window.__aoDrawn);
    if (cdp) writeProfile((await cdp.send('Profiler.stop')).profile, opts.profile);
    const s = await page.evaluate(splitProbe);
    console.log(
      `  load ${i + 1}${i === 0 ? ' (cold cache)' : ''}: ${round(r.frame)} ms to the frame with the 3 charts drawn and ` +
        `${r.rows} session rows; scripts loaded ${round(s.scripts)}, report asked ${round(s.asked)}, answered ${round(s.report)} ` +
        `(${Math.round(s.reportKiB)} KiB), DOM ready ${round(r.dom)} ms`,
    );
    times.push(r.frame);
    await page.close();
  }
  // For scale on this machine: the same shell's board page (empty: no live session) to its first frame.
  const board = [];
  for (let i = 0; i < 3; i++) {
    const page = await context.newPage();
    await page.goto(`${d.url}/`);
    await page.waitForSelector('[data-testid=open-spawn]');
    board.push(
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))),
    );
    await page.close();
  }
  console.log(
    `  reference: the board page (/, no session) to its first frame: ${board.map((x) => round(x)).join(', ')} ms`,
  );
  await context.close();
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  goal(`Insights first render, 90 days (median of ${times.length})`, round(median), GOAL_MS, 'ms');
  goal('Insights first render, 90 days (worst load)', round(sorted[sorted.length - 1]), GOAL_MS, 'ms');
} finally {
  await browser.close();
  await cleanup({ daemon: d, dataDir, dirs: [p.root] });
}
