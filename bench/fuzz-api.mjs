// Fuzz: every API route, the hook route and the webhook route, with generated requests (10,000 per route by
// default), with and without the token, right and wrong hook secrets, good signatures over junk. Runs the fuzz test of
// the daemon's fast layer (apps/daemon/test/fast/fuzz.test.ts: the whole daemon built in-process with fake runtime,
// agent and workspace plugins, requests through app.inject) at the full size, then prints the machine, the requests
// sent per route with their 2xx/3xx/4xx/5xx counts and refusal codes, the time, and whether every invariant held:
// never a 5xx, no row changed by a refused request, every refusal a coded error, nothing logged as an error, the
// daemon answering /api/health, every 2xx reply fitting its declared schema.
// Usage: node bench/fuzz-api.mjs [--runs 10000] [--route "POST /api/sessions"] [--seed 42]
// (Nothing to build first: vitest runs the TypeScript sources.)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    route: { type: 'string' },
    seed: { type: 'string' },
  },
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const daemonDir = join(root, 'apps', 'daemon');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const head = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(
  `machine: ${cpus()[0]?.model.trim() ?? 'unknown'}, ${cpus().length} cores, ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ` +
    `linux ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}, load average ${load()}`,
);
console.log(`sources: repository HEAD ${head}${dirtyNote()}`);
console.log(
  `fuzz: ${opts.runs} generated requests per route${opts.route ? ` (routes matching "${opts.route}")` : ''}` +
    `${opts.seed ? `, seed ${opts.seed}` : ''}; a fresh daemon per route above 1,000 runs`,
);

const work = mkdtempSync(join(tmpdir(), 'ao-fuzz-bench-'));
const report = join(work, 'report.json');
const started = Date.now();
const output = [];
const child = spawn(process.execPath, [vitest, 'run', 'test/fast/fuzz.test.ts', '--reporter=verbose'], {
  cwd: daemonDir,
  env: {
    ...process.env,
    AO_FUZZ_RUNS: opts.runs,
    AO_FUZZ_REPORT: report,
    ...(opts.route ? { AO_FUZZ_ROUTE: opts.route } : {}),
    ...(opts.seed ? { AO_FUZZ_SEED: opts.seed } : {}),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk) => {
    output.push(chunk);
    // Progress: one line per route as vitest finishes it.
    for (const line of chunk.toString().split('\n')) {
      const clean = line.replace(/\x1b\[[0-9;]*m/g, '');
      if (/^\s*[✓×]/.test(clean)) console.log(`  ${clean.trim()}`);
    }
  });
}
const code = await new Promise((resolve) => child.on('close', resolve));
const seconds = (Date.now() - started) / 1000;

let data = null;
try {
  data = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  // no report: vitest could not run the file
}
rmSync(work, { recursive: true, force: true });
if (!data) {
  console.log(Buffer.concat(output).toString().slice(-4000));
  console.log('could not run the fuzz (no report written)');
  process.exit(1);
}

const rows = Object.entries(data.routes).map(([route, s]) => ({
  route,
  sent: s.sent,
  '2xx': s.status['2xx'] ?? 0,
  '3xx': s.status['3xx'] ?? 0,
  '4xx': s.status['4xx'] ?? 0,
  '5xx': s.status['5xx'] ?? 0,
  'ms/req': Number((s.ms / Math.max(1, s.sent)).toFixed(2)),
  'top refusals': Object.entries(s.codes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([c, n]) => `${c} ${n}`)
    .join(', '),
}));
console.log('\n| route | sent | 2xx | 3xx | 4xx | 5xx | ms/request | top refusals |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.route} | ${r.sent} | ${r['2xx']} | ${r['3xx']} | ${r['4xx']} | ${r['5xx']} | ${r['ms/req']} | ${r['top refusals']} |`,
  );
}
const total = rows.reduce(
  (t, r) => ({
    sent: t.sent + r.sent,
    ok: t.ok + r['2xx'],
    refused: t.refused + r['4xx'],
    failed: t.failed + r['5xx'],
  }),
  { sent: 0, ok: 0, refused: 0, failed: 0 },
);
const passed = code === 0;
console.log(
  `\n${rows.length} routes, ${total.sent} requests (${total.ok} 2xx, ${total.refused} 4xx, ${total.failed} 5xx) ` +
    `in ${seconds.toFixed(1)} s wall (vitest start, a daemon per route and the checks around each request ` +
    `included: ${((seconds * 1000) / Math.max(1, total.sent)).toFixed(2)} ms per request); ` +
    `load average at the end ${load()}`,
);
console.log(passed ? 'invariants held: yes' : 'invariants held: NO (vitest output below)');
if (!passed) {
  const text = Buffer.concat(output)
    .toString()
    .replace(/\x1b\[[0-9;]*m/g, '');
  console.log(
    text.slice(text.indexOf('Failed Tests') > -1 ? text.indexOf('Failed Tests') : -6000).slice(0, 8000),
  );
}
console.log(
  JSON.stringify({
    bench: 'fuzz-api',
    runsPerRoute: Number(opts.runs),
    routes: rows.length,
    requests: total.sent,
    ok: total.ok,
    refused: total.refused,
    failed5xx: total.failed,
    seconds: Number(seconds.toFixed(1)),
    invariantsHeld: passed,
  }),
);
process.exit(passed ? 0 : 1);

function dirtyNote() {
  try {
    const status = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'packages'], {
      cwd: root,
      encoding: 'utf8',
    });
    return status.trim() ? ' (with uncommitted changes)' : '';
  } catch {
    return '';
  }
}
