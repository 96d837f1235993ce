// Shared pieces of the browser benchmarks (bench/web-*.mjs): Debian chromium through playwright-core, a real
// `ao up` serving the built dashboard (apps/web/out), a logged-in page, and an in-page probe that timestamps every
// SSE message as the page's EventSource delivers it.
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  checkBuilt,
  machineInfo,
  printMachine,
  round,
  startDaemon,
} from '../packages/testkit/dist/testkit.mjs';

export const WEB_DIR = fileURLToPath(new URL('../apps/web/out', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function checkWebBuilt() {
  checkBuilt();
  if (!existsSync(`${WEB_DIR}/index.html`)) {
    console.error(`no dashboard build at ${WEB_DIR}: run \`npm run build -w @ao/web\` first`);
    process.exit(2);
  }
}

export async function launchBrowser() {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** Prints the machine (as the other benchmarks do) and the chromium version; returns both. */
export function printMachineAndBrowser(browser) {
  const info = machineInfo();
  printMachine(info);
  const chromiumVersion = browser.version();
  console.log(`browser: chromium ${chromiumVersion} (${CHROMIUM}), headless, playwright-core`);
  return { ...info, chromium: chromiumVersion };
}

/** `ao up` on a temp data dir, serving the built dashboard. */
export function startWebDaemon({ dataDir, port, configPath }) {
  return startDaemon({ dataDir, port, configPath, env: { AO_WEB_DIR: WEB_DIR } });
}

/** A browser context holding the session cookie (traded for the token through the login URL). */
export async function loggedInContext(browser, daemon) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${daemon.url}/api/auth/login?token=${daemon.token}`);
  await page.waitForSelector('[data-testid=open-spawn]');
  await page.close();
  return context;
}

/**
 * Runs in the page before its own scripts: wraps EventSource listeners so that each SSE message is timestamped
 * (performance.now() and Date.now()) when the browser hands it to the app, before the app handles it (with its length
 * in characters). Calls
 * `window.__aoProbe.onSse(type, data, t, wall)` if set, and keeps every arrival time in `window.__aoProbe.arrivals`.
 */
export const SSE_PROBE = `(() => {
  const probe = { arrivals: [], onSse: null };
  window.__aoProbe = probe;
  const add = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (type, listener, opts) {
    if (typeof listener !== 'function') return add.call(this, type, listener, opts);
    const wrapped = function (ev) {
      const t = performance.now();
      const wall = Date.now();
      probe.arrivals.push({ type, t, wall, bytes: typeof ev.data === 'string' ? ev.data.length : 0 });
      if (probe.onSse) probe.onSse(type, ev.data, t, wall);
      return listener.call(this, ev);
    };
    return add.call(this, type, wrapped, opts);
  };
})();`;

/** Writes a CDP CPU profile and prints its top functions by self time. */
export function writeProfile(profile, file) {
  writeFileSync(file, JSON.stringify(profile));
  const self = new Map();
  const dt = new Map();
  profile.samples.forEach((id, i) => {
    dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`  CPU profile written to ${file}; top self time:`);
  for (const [k, ms] of top) console.log(`    ${round(ms)} ms  ${k}`);
}
