// Browser benchmark 1: the board with 50, 200 and 500 sessions in Debian chromium.
//  a) first render, at each size: navigation start -> the board shows every session (the lane counts and the Done
//     count add up to N) with the first screen of cards in the DOM, then the next animation frame (the lanes are
//     windowed: only the cards on screen are in the DOM); over several loads, in both densities at the last size;
//  b) SSE event -> card moved in the DOM, at the last size: sessions are killed one at a time through the API; in the
//     page, the `session.status_changed` message is timestamped when the EventSource delivers it and a
//     MutationObserver timestamps the card appearing in the Done row.
// Usage: node bench/web-board.mjs [--sizes 50,200,500] [--loads 5] [--moves 40]
import { parseArgs } from 'node:util';
import {
  cleanup,
  formatSummary,
  freePort,
  goal,
  idleGenericAgent,
  makeDataDir,
  makeProject,
  round,
  spawnMany,
  summarize,
  waitFor,
} from '../packages/testkit/dist/testkit.mjs';
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
    sizes: { type: 'string', default: '50,200,500' },
    loads: { type: 'string', default: '5' },
    moves: { type: 'string', default: '40' },
  },
});
const SIZES = opts.sizes.split(',').map(Number);
const LAST = SIZES[SIZES.length - 1];
const GOAL_MS = 1500;

/**
 * In the page, before its scripts: resolves `window.__aoRendered` with {dom, frame, cards} once the lane counts add
 * up to `n` and cards are in the DOM (dom: that moment; frame: the next animation frame, i.e. the frame that paints it).
 */
const renderProbe = (n) => `(() => {
  const shown = () => {
    let sum = 0;
    for (const el of document.querySelectorAll('[data-testid=lane-count], [data-testid=lane-done] summary span')) {
      sum += Number(el.textContent) || 0;
    }
    return sum;
  };
  window.__aoRendered = new Promise((resolve) => {
    const mo = new MutationObserver(() => {
      if (shown() < ${n} || !document.querySelector('[data-testid=session-card]')) return;
      mo.disconnect();
      const dom = performance.now();
      const cards = document.querySelectorAll('[data-testid=session-card]').length;
      requestAnimationFrame(() => resolve({ dom, frame: performance.now(), cards }));
    });
    mo.observe(document, { childList: true, subtree: true, characterData: true });
  });
})();`;

async function firstRender(browser, daemon, n, density) {
  const context = await loggedInContext(browser, daemon);
  await context.addInitScript(`localStorage.setItem('ao-density', ${JSON.stringify(density)});`);
  await context.addInitScript(SSE_PROBE);
  await context.addInitScript(renderProbe(n));
  const times = [];
  const splits = [];
  let cards = 0;
  for (let i = 0; i < Number(opts.loads); i++) {
    const page = await context.newPage();
    await page.goto(`${daemon.url}/`);
    const r = await page.evaluate(() => window.__aoRendered);
    const split = await page.evaluate(splitProbe);
    cards = r.cards;
    console.log(
      `  load ${i + 1}${i === 0 ? ' (cold cache)' : ''}: ${round(r.frame)} ms to the frame showing ${n} sessions ` +
        `(${r.cards} cards in the DOM); snapshot received ${round(split.snapshot)} (${Math.round(split.snapshotKiB)} ` +
        `KiB), scripts loaded ${round(split.scripts)}, app started ${round(split.app)}, DOM ready ${round(r.dom)} ms`,
    );
    times.push(r.frame);
    splits.push({ ...split, dom: r.dom, frame: r.frame });
    await page.close();
  }
  await context.close();
  return { times, cards, splits };
}

/**
 * In the page, after the render (ms since navigation): when the scripts were loaded, the SSE snapshot arrived (the
 * page opens the stream in <head>, before its scripts) and the app started (its `ao:feed-start` mark).
 */
const splitProbe = () => {
  const res = performance.getEntriesByType('resource');
  const scripts = Math.max(0, ...res.filter((e) => e.name.endsWith('.js')).map((e) => e.responseEnd));
  const snap = window.__aoProbe.arrivals.find((a) => a.type === 'snapshot');
  const app = performance.getEntriesByName('ao:feed-start')[0]?.startTime ?? Number.NaN;
  return { scripts, app, snapshot: snap?.t ?? Number.NaN, snapshotKiB: (snap?.bytes ?? 0) / 1024 };
};

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

async function moves(browser, daemon, ids, n) {
  const context = await loggedInContext(browser, daemon);
  await context.addInitScript(SSE_PROBE);
  await context.addInitScript(moveProbe);
  await context.addInitScript(renderProbe(n));
  const page = await context.newPage();
  await page.goto(`${daemon.url}/`);
  await page.evaluate(() => window.__aoRendered);
  const count = Math.min(Number(opts.moves), ids.length);
  for (let i = 0; i < count; i++) {
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

function printGrowth(rows) {
  console.log(
    '\nhow the first render grows (medians of loads; cards = cards in the DOM, the lanes being windowed):',
  );
  console.log('  sessions  density      first render ms  worst ms  building the board ms  cards');
  for (const r of rows) {
    console.log(
      `  ${String(r.n).padStart(8)}  ${r.density.padEnd(11)}  ${String(r.render.p50).padStart(15)}  ${String(
        r.render.max,
      ).padStart(8)}  ${String(r.building.p50).padStart(21)}  ${String(r.cards).padStart(5)}`,
    );
  }
}

async function main() {
  checkWebBuilt();
  const browser = await launchBrowser();
  const machine = printMachineAndBrowser(browser);
  const dataDir = makeDataDir();
  const project = await makeProject('web', idleGenericAgent(['sleep', '3600']), {
    tmpPrefix: 'ao-bench-git-',
  });
  let daemon;
  try {
    daemon = await startWebDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
    console.log(`agent: generic ["sleep","3600"], prompt none, runtime tmux; sizes ${SIZES.join(', ')}`);
    const ids = [];
    const rows = [];
    for (const n of SIZES) {
      const more = n - ids.length;
      const spawned = await spawnMany(daemon, more, { limit: 5, label: `web${n}` });
      ids.push(...spawned.ids);
      console.log(`\nspawned ${more} more sessions (${n} in all) in ${round(spawned.ms / 1000, 1)} s`);
      const densities = n === LAST ? ['comfortable', 'compact'] : ['comfortable'];
      for (const density of densities) {
        console.log(`a) first render, navigation -> the frame showing ${n} sessions, ${density}:`);
        const { times, cards, splits } = await firstRender(browser, daemon, n, density);
        const render = summarize(times);
        console.log(formatSummary(`first render, ${n} sessions, ${density}`, render));
        const building = summarize(splits.map((x) => x.frame - Math.max(x.app, x.snapshot)));
        console.log(
          formatSummary('  of which app started and snapshot in -> frame (building the board)', building),
        );
        rows.push({ n, density, render, building, cards, loads: times.map((x) => round(x)) });
      }
    }
    printGrowth(rows);

    console.log(
      `\nb) SSE event -> card moved to Done at ${LAST} sessions (kill through the API, one at a time):`,
    );
    const moved = await moves(browser, daemon, ids, LAST);
    const sse = summarize(moved.map((m) => m.sseToDom));
    const at = summarize(moved.map((m) => m.atToDom));
    console.log(formatSummary('EventSource message -> card in Done', sse));
    console.log(formatSummary('event `at` (daemon clock) -> card in Done', at));
    console.log('');
    const last = rows.filter((r) => r.n === LAST);
    const ok = {};
    for (const r of last) {
      ok[`render${LAST}${r.density}`] = goal(
        `board first render, ${LAST} sessions, ${r.density} (median of loads)`,
        r.render.p50,
        GOAL_MS,
        'ms',
      );
      ok[`render${LAST}${r.density}Worst`] = goal(
        `board first render, ${LAST} sessions, ${r.density} (worst load)`,
        r.render.max,
        GOAL_MS,
        'ms',
      );
    }
    ok.sseP95 = goal(`SSE event -> card moved at ${LAST} sessions, p95`, sse.p95, 100, 'ms');
    console.log(
      JSON.stringify({
        bench: 'web-board',
        date: new Date().toISOString(),
        machine,
        firstRender: rows,
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
