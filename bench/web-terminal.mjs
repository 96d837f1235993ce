// Browser benchmark 2: the session page's terminal (xterm.js over the daemon's WebSocket) in Debian chromium.
//  a) keystroke -> echo on screen: a real key press (CDP) into the terminal of a session running bash; in the page,
//     the keydown is timestamped and a MutationObserver on xterm's rows timestamps the echoed text appearing;
//  b) `cat` of a 50 MB file through that terminal while SSE events keep arriving (the benchmark re-registers the
//     project every 50 ms: one `project.updated` event each); the largest gap between SSE messages the page
//     receives during the flood, with the daemon-side gaps (event `at`) for comparison.
// Usage: node bench/web-terminal.mjs [--keys 60] [--mb 50] [--event-ms 50] [--profile out.cpuprofile]
// (--profile: a CPU profile of the page during the flood, with its top functions by self time)
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CLK_TCK,
  cleanup,
  cpuTicks,
  formatSummary,
  freePort,
  goal,
  idleGenericAgent,
  makeDataDir,
  makeProject,
  openSse,
  round,
  sleep,
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
  writeProfile,
} from './web-lib.mjs';

const { values: opts } = parseArgs({
  options: {
    keys: { type: 'string', default: '60' },
    mb: { type: 'string', default: '50' },
    'event-ms': { type: 'string', default: '50' },
    profile: { type: 'string' },
  },
});

/**
 * In the page: `__aoEcho(text)` resolves with keydown -> `text` visible in xterm's rows (ms), split into keydown ->
 * WebSocket send (xterm's input path), send -> first WebSocket message back (daemon, tmux, bash and back), and that
 * message -> the text in the DOM (xterm's parse and its next animation-frame render). Long tasks are recorded too.
 */
const echoProbe = `(() => {
  let keyAt = 0;
  let sendAt = 0;
  let msgAt = 0;
  window.__aoLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__aoLongTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('keydown', () => { keyAt = performance.now(); sendAt = 0; msgAt = 0; }, true);
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (keyAt && !sendAt) sendAt = performance.now();
    return send.call(this, data);
  };
  const Native = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    const ws = new Native(url, protocols);
    ws.addEventListener('message', () => { if (sendAt && !msgAt) msgAt = performance.now(); });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.__aoEcho = (text) => new Promise((resolve, reject) => {
    const rows = document.querySelector('[data-testid=terminal] .xterm-rows');
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error('no echo of ' + text + ' in 15 s')); }, 15000);
    const mo = new MutationObserver(() => {
      if (!rows.textContent.includes(text)) return;
      clearTimeout(timer);
      mo.disconnect();
      const t = performance.now();
      resolve({ total: t - keyAt, input: sendAt - keyAt, roundTrip: msgAt - sendAt, render: t - msgAt });
    });
    mo.observe(rows, { childList: true, subtree: true, characterData: true });
  });
})();`;

async function keystrokes(page) {
  const times = [];
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  let typed = '';
  for (let i = 0; i < Number(opts.keys); i++) {
    if (typed.length === 20) {
      await page.keyboard.press('Control+U'); // clear the line; the next prefix starts over
      await waitFor(
        () => page.evaluate((t) => !document.querySelector('.xterm-rows')?.textContent.includes(t), typed),
        'line cleared',
      );
      typed = '';
    }
    const ch = alphabet[(i * 7) % alphabet.length];
    const expected = `# ${typed}${ch}`;
    const echoed = page.evaluate((t) => window.__aoEcho(t), expected);
    await sleep(20); // the observer is installed before the key is sent (evaluate is ordered, this is margin)
    await page.keyboard.press(ch);
    times.push(await echoed);
    typed += ch;
  }
  await page.keyboard.press('Control+U');
  return times;
}

/** Re-registers the project every `--event-ms` (one `project.updated` event each) until `stop()`. */
function startTicker(daemon, project) {
  let stopped = false;
  const apiMs = [];
  const done = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      await daemon.api('POST', '/api/projects', { configPath: project.configPath });
      apiMs.push(performance.now() - t0);
      await sleep(Math.max(0, Number(opts['event-ms']) - (performance.now() - t0)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return apiMs;
    },
  };
}

/** Starts a CPU profile of the page when `--profile` is given; `stop()` writes it and prints its top functions. */
async function startProfile(page) {
  if (!opts.profile) return { stop: async () => {} };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return { stop: async () => writeProfile((await cdp.send('Profiler.stop')).profile, opts.profile) };
}

/** What the page saw of the `project.updated` events since the probe was reset, and its long tasks. */
async function collectSse(page) {
  const arrivals = await page.evaluate(() =>
    window.__aoProbe.arrivals.filter((a) => a.type === 'project.updated').map((a) => a.t),
  );
  const longTasks = await page.evaluate(
    (from) => window.__aoLongTasks.filter((l) => l.start >= from),
    arrivals[0] ?? 0,
  );
  const lags = await page.evaluate(() => window.__aoLags);
  return {
    events: arrivals.length,
    gaps: arrivals.slice(1).map((t, i) => t - arrivals[i]),
    serverGaps: lags.slice(1).map((l, i) => l.at - lags[i].at),
    lags: lags.map((l) => l.wall - l.at),
    lagAt: lags.map((l) => l.wall),
    longTasks: {
      count: longTasks.length,
      maxMs: Math.max(0, ...longTasks.map((l) => l.ms)),
      totalMs: longTasks.reduce((a, l) => a + l.ms, 0),
    },
  };
}

/** `cat` of the big file in the terminal while the ticker makes SSE events; 1 s of events before and after. */
async function flood(page, daemon, project, file) {
  await page.evaluate(() => {
    window.__aoProbe.arrivals.length = 0;
    window.__aoLags = [];
    window.__aoProbe.onSse = (type, data, _t, wall) => {
      if (type === 'project.updated') window.__aoLags.push({ at: Date.parse(JSON.parse(data).at), wall });
    };
  });
  // A control: the same events read by a plain Node client, to tell a daemon-side delay from a browser-side one.
  const nodeLags = [];
  const control = openSse(`${daemon.url}/api/events`, { authorization: `Bearer ${daemon.token}` }, (m) => {
    if (m.event === 'project.updated') nodeLags.push(Date.now() - Date.parse(m.data.at));
  });
  const ticker = startTicker(daemon, project);
  await sleep(1000); // events flowing before the flood starts
  const profile = await startProfile(page);
  const t0 = performance.now();
  const startWall = Date.now();
  const ticks0 = cpuTicks(daemon.pid).self;
  await page.keyboard.type(`cat ${file}; echo flood-done-$((6*7))`);
  await page.keyboard.press('Enter');
  await waitFor(
    () => page.evaluate(() => document.querySelector('.xterm-rows')?.textContent.includes('flood-done-42')),
    'the flood to finish on screen',
    600_000,
    200,
  );
  const floodMs = performance.now() - t0;
  const daemonCpu = ((cpuTicks(daemon.pid).self - ticks0) / CLK_TCK / (floodMs / 1000)) * 100;
  await profile.stop();
  await sleep(1000);
  const apiMs = summarize(await ticker.stop());
  control.close();
  await control.done;
  const seen = await collectSse(page);
  const worst = seen.lagAt[seen.lags.indexOf(Math.max(...seen.lags))] ?? startWall;
  return { floodMs, daemonCpu, apiMs, nodeLags, worstLagAfterStartMs: worst - startWall, ...seen };
}

/** The session page of a bash session, its terminal live, the cursor on a `# ` comment line. */
async function openTerminal(browser, daemon, sessionId) {
  const context = await loggedInContext(browser, daemon);
  await context.addInitScript(SSE_PROBE);
  await context.addInitScript(echoProbe);
  const page = await context.newPage();
  await page.goto(`${daemon.url}/session/?id=${sessionId}`);
  await page.waitForSelector('[data-testid=terminal] .xterm-rows');
  await waitFor(
    () =>
      page.evaluate(
        () => document.querySelector('[data-testid=terminal-state]')?.textContent === 'Live terminal',
      ),
    'the terminal to be live',
  );
  await page.click('[data-testid=terminal]');
  await page.keyboard.type('echo ready-$((5*5))');
  await page.keyboard.press('Enter');
  await waitFor(
    () => page.evaluate(() => document.querySelector('.xterm-rows')?.textContent.includes('ready-25')),
    'bash to answer',
  );
  await page.keyboard.type('# '); // a comment line: typed letters are echoed, never run
  return { context, page };
}

async function measureKeys(page) {
  console.log(`a) keystroke -> echo on screen (${opts.keys} keys, one at a time):`);
  const echoes = await keystrokes(page);
  const keys = summarize(echoes.map((e) => e.total));
  const split = {
    input: summarize(echoes.map((e) => e.input)),
    roundTrip: summarize(echoes.map((e) => e.roundTrip)),
    render: summarize(echoes.map((e) => e.render)),
  };
  console.log(formatSummary('keydown -> echo rendered', keys));
  console.log(formatSummary('  keydown -> WebSocket send', split.input));
  console.log(formatSummary('  send -> first WebSocket message back', split.roundTrip));
  console.log(formatSummary('  that message -> echo in the DOM', split.render));
  return { ...keys, split };
}

async function measureFlood(page, daemon, project, file) {
  console.log(`\nb) cat of a ${opts.mb} MB file with an SSE event every ${opts['event-ms']} ms:`);
  const f = await flood(page, daemon, project, file);
  const result = {
    mb: Number(opts.mb),
    seconds: round(f.floodMs / 1000, 1),
    daemonCpuPercent: round(f.daemonCpu),
    events: f.events,
    sseGapMs: summarize(f.gaps),
    emittedGapMs: summarize(f.serverGaps),
    lagMs: summarize(f.lags),
    nodeClientLagMs: summarize(f.nodeLags),
    worstLagAfterStartMs: round(f.worstLagAfterStartMs),
    longTasks: f.longTasks,
    eventSourceApiMs: f.apiMs,
  };
  console.log(
    `  flood on screen in ${result.seconds} s; ${f.events} SSE events received; ` +
      `daemon CPU during the flood ${result.daemonCpuPercent} % of one core`,
  );
  console.log(formatSummary('  POST /api/projects round trip (the event source)', f.apiMs));
  console.log(formatSummary('  gap between SSE messages in the page', result.sseGapMs));
  console.log(formatSummary('  gap between the same events as emitted (daemon `at`)', result.emittedGapMs));
  console.log(formatSummary('  event `at` -> message in the page (lag)', result.lagMs));
  console.log(formatSummary('  the same, read by a Node SSE client (control)', result.nodeClientLagMs));
  console.log(
    `  the largest lag in the page was seen ${result.worstLagAfterStartMs} ms after the cat was sent`,
  );
  console.log(
    `  page main thread during the flood: ${f.longTasks.count} long tasks (> 50 ms), ` +
      `longest ${round(f.longTasks.maxMs)} ms, ${round(f.longTasks.totalMs)} ms in all`,
  );
  return result;
}

async function main() {
  checkWebBuilt();
  const browser = await launchBrowser();
  const machine = printMachineAndBrowser(browser);
  const dataDir = makeDataDir();
  const project = await makeProject('term', idleGenericAgent(['bash', '--noprofile', '--norc']), {
    tmpPrefix: 'ao-bench-git-',
  });
  const file = join(tmpdir(), `ao-bench-flood-${process.pid}.txt`);
  let daemon;
  try {
    const line = `${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(2)} flood line\n`;
    writeFileSync(file, line.repeat(Math.ceil((Number(opts.mb) * 2 ** 20) / line.length)));
    daemon = await startWebDaemon({ dataDir, port: await freePort(), configPath: project.configPath });
    const session = (await daemon.api('POST', '/api/sessions', { prompt: 'terminal bench' })).body.session;
    console.log(
      `session ${session.id}: generic agent ["bash","--noprofile","--norc"], prompt none, runtime tmux\n`,
    );
    const { context, page } = await openTerminal(browser, daemon, session.id);
    const keys = await measureKeys(page);
    const flooded = await measureFlood(page, daemon, project, file);
    await context.close();
    console.log('');
    const goals = {
      keystrokeP50: goal('keystroke -> echo, p50', keys.p50, 15, 'ms'),
      sseGapMax: goal('max SSE gap during the flood', flooded.sseGapMs.max, 200, 'ms'),
    };
    const date = new Date().toISOString();
    console.log(
      JSON.stringify({ bench: 'web-terminal', date, machine, keystrokeEchoMs: keys, flood: flooded, goals }),
    );
  } finally {
    await browser.close();
    await cleanup({ daemon, dataDir, dirs: [project.root] });
    rmSync(file, { force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
