// Browser benchmark 1: the board with 100 sessions in Debian chromium.
//  a) first render: navigation start -> all 100 cards in the DOM (MutationObserver in the page), over several loads;
//  b) SSE event -> card moved in the DOM: sessions are killed one at a time through the API; in the page, the
//     `session.status_changed` message is timestamped when the EventSource delivers it and a MutationObserver
//     timestamps the card appearing in the Done row.
// Usage: node bench/web-board.mjs [--sessions 100] [--loads 5] [--moves 60]
import { parseArgs } from 'node:util';
import { cleanup, freePort, makeDataDir } from './lib/daemon.mjs';
import { makeProject } from './lib/project.mjs';
import { spawnMany } from './lib/spawn-many.mjs';
import { formatSummary, goal, round, summarize } from './lib/stats.mjs';
import { waitFor } from './lib/wait.mjs';
import {
  checkWebBuilt,
  launchBrowser,
  loggedInContext,
  printMachineAndBrowser,
  SSE_PROBE,
  startWebDaemon,
} from './web-lib.mjs';

const { values: opts } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100' },
    loads: { type: 'string', default: '5' },
    moves: { type: 'string', default: '60' },
  },
});
const SESSIONS = Number(opts.sessions);

/** In the page, before its scripts: resolves `window.__aoRendered` with the time all N cards are in the DOM. */
const renderProbe = (n) => `(() => {
  const count = () => document.querySelectorAll('[data-testid=session-card]').length;
  window.__aoRendered = new Promise((resolve) => {
    const mo = new MutationObserver(() => {
      if (count() >= ${n}) { mo.disconnect(); resolve(performance.now()); }
    });
    mo.observe(document, { childList: true, subtree: true });
  });
})();`;

async function firstRender(browser, daemon) {
  const context = await loggedInContext(browser, daemon);
  await context.addInitScript(renderProbe(SESSIONS));
  const times = [];
  for (let i = 0; i < Number(opts.loads); i++) {
    const page = await context.newPage();
    await page.goto(`${daemon.url}/`);
    const ms = await page.evaluate(() => window.__aoRendered);
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    console.log(
      `  load ${i + 1}${i === 0 ? ' (cold cache)' : ''}: ${round(ms)} ms to ${SESSIONS} cards, first paint ${fcp === null ? '?' : round(fcp)} ms`,
    );
    times.push(ms);
    await page.close();
  }
  await context.close();
  return times;
}

/** In the page: timestamps the kill event of `window.__aoWatch` and the moment its card is in the Done row. */
const moveProbe = `(() => {
  const probe = window.__aoProbe;
  window.__aoMoves = [];
  let pending = null;
  const check = () => {
    if (!pending || !pending.sse) return;
    if (document.querySelector('[data-session-id="' + pending.id + '"][data-lane="done"]')) {
      const t = performance.now();
      const wall = Date.now();
      const p = pending;
      pending = null;
      window.__aoMoves.push({ id: p.id, sseToDom: t - p.sse, atToDom: wall - p.at });
    }
  };
  probe.onSse = (type, data) => {
    if (type !== 'session.status_changed' || !pending) return;
    const e = JSON.parse(data);
    if (e.data.session.id === pending.id && e.data.to === 'killed' && !pending.sse) {
      pending.sse = performance.now();
      pending.at = Date.parse(e.at);
    }
  };
  window.__aoWatch = (id) => { pending = { id, sse: 0, at: 0 }; };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-lane'] });
})();`;

async function moves(browser, daemon, ids) {
  const context = await loggedInContext(browser, daemon);
  await context.addInitScript(SSE_PROBE);
  await context.addInitScript(moveProbe);
  const page = await context.newPage();
  await page.goto(`${daemon.url}/`);
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=session-card]').length >= n,
    SESSIONS,
  );
  const n = Math.min(Number(opts.moves), ids.length);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    await page.evaluate((x) => window.__aoWatch(x), id);
    await daemon.api('POST', `/api/sessions/${id}/kill`, {});
    await waitFor(
      () => page.evaluate((k) => window.__aoMoves.length >= k, i + 1),
      `card ${id} in Done`,
      30_000,
      20,
    );
  }
  const result = await page.evaluate(() => window.__aoMoves);
  await context.close();
  return result;
}

async function main() {
  checkWebBuilt();
  const browser = await launchBrowser();
  const machine = printMachineAndBrowser(browser);
  const dataDir = makeDataDir();
  const project = await makeProject('web', { agentCommand: ['sleep', '3600'] });
  let daemon;
  try {
    daemon = await startWebDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
    console.log(`agent: generic ["sleep","3600"], prompt none, runtime tmux; spawning ${SESSIONS} sessions`);
    const spawned = await spawnMany(daemon, SESSIONS, { limit: 5, label: 'web' });
    console.log(`spawned ${SESSIONS} sessions in ${round(spawned.ms / 1000, 1)} s\n`);

    console.log(`a) first render, navigation -> ${SESSIONS} cards in the DOM:`);
    const loads = await firstRender(browser, daemon);
    const render = summarize(loads);
    console.log(formatSummary('first render', render));

    console.log(`\nb) SSE event -> card moved to Done (kill through the API, one at a time):`);
    const moved = await moves(browser, daemon, spawned.ids);
    const sse = summarize(moved.map((m) => m.sseToDom));
    const at = summarize(moved.map((m) => m.atToDom));
    console.log(formatSummary('EventSource message -> card in Done', sse));
    console.log(formatSummary('event `at` (daemon clock) -> card in Done', at));
    console.log('');
    const ok = {
      render: goal('board first render (median of loads)', render.p50, 1000, 'ms'),
      renderWorst: goal('board first render (worst load, cold cache)', render.max, 1000, 'ms'),
      sseP95: goal('SSE event -> card moved, p95', sse.p95, 100, 'ms'),
    };
    console.log(
      JSON.stringify({
        bench: 'web-board',
        date: new Date().toISOString(),
        machine,
        sessions: SESSIONS,
        firstRenderMs: { ...render, loads: loads.map((x) => round(x)) },
        sseToDomMs: sse,
        eventAtToDomMs: at,
        goals: ok,
      }),
    );
  } finally {
    await browser.close();
    await cleanup({ daemon, dataDir, dirs: [project.root] });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
