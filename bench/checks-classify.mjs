// Benchmark: classifying a failing check against a long history. Inserts --outcomes check outcomes (default 100,000:
// 40 check names, 600 PR branches, a fifth on the default branch, ~6% failures, some failed-then-passed re-runs)
// into a real SQLite file migrated as the daemon migrates it, then times ao's classification of a failing check
// (the one indexed query of CheckStore.historyOf plus the pure rules of classify) over --calls calls.
// The daemon's own modules (fleet-signals/checks, db/open-db) are bundled from source with esbuild for the run.
// Usage: node bench/checks-classify.mjs [--outcomes 100000] [--calls 2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { formatSummary, goal, printMachine, summarize } from '../packages/testkit/dist/testkit.mjs';

const { values: opts } = parseArgs({
  options: { outcomes: { type: 'string', default: '100000' }, calls: { type: 'string', default: '2000' } },
});
const OUTCOMES = Number(opts.outcomes);
const CALLS = Number(opts.calls);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ao-bench-checks-'));

/** The daemon's CheckStore, classify and openDb, bundled from source (npm packages stay external). */
async function loadDaemonModules() {
  const outfile = join(ROOT, 'apps/daemon/.bench-checks.mjs');
  await build({
    stdin: {
      contents: [
        "export { CheckStore, classify } from './src/fleet-signals/checks';",
        "export { openDb } from './src/db/open-db';",
      ].join('\n'),
      resolveDir: join(ROOT, 'apps/daemon'),
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
    plugins: [
      {
        name: 'externals',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@ao/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

/** A small deterministic PRNG, so every run inserts the same history. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const hex = (n) => n.toString(16).padStart(40, '0');

printMachine();
const { CheckStore, classify, openDb } = await loadDaemonModules();
const db = openDb(join(dir, 'ao.db'));
const store = new CheckStore(db);
const names = Array.from({ length: 40 }, (_, i) => `check-${i}`);
const random = rng(42);
const t0 = Date.parse('2026-09-01T00:00:00Z');
const started = performance.now();
db.$client.transaction(() => {
  for (let i = 0; i < OUTCOMES; i++) {
    const onDefault = random() < 0.2;
    const branch = onDefault ? 'main' : `ao/${Math.floor(random() * 600)}`;
    const failed = random() < 0.06;
    const sha = hex(Math.floor(i / 40));
    store.record({
      repo: 'acme/demo',
      name: names[i % names.length],
      runKey: `run:${i}`,
      headSha: sha,
      branch,
      prNumber: onDefault ? null : Number(branch.slice(3)),
      onDefault,
      conclusion: failed ? 'failure' : 'success',
      failed,
      checkRunId: i,
      durationMs: 60_000,
      at: new Date(t0 + i * 60_000).toISOString(),
    });
  }
})();
const inserted = db.$client.prepare('SELECT count(*) AS n FROM check_outcomes').get().n;
console.log(`inserted ${inserted} outcomes in ${Math.round(performance.now() - started)} ms`);

const thresholds = {
  flipRate: 0.3,
  window: 20,
  unrelatedPrs: 3,
  unrelatedWithinMs: 24 * 3_600_000,
  defaultBranch: 'main',
};
const now = new Date(t0 + OUTCOMES * 60_000);
const times = [];
const cpu = [];
const classes = { flaky: 0, 'broken-base': 0, real: 0 };
for (let i = 0; i < CALLS; i++) {
  const name = names[Math.floor(random() * names.length)];
  const begin = performance.now();
  const cpuBegin = process.cpuUsage();
  const { recent, onDefault } = store.historyOf('acme/demo', name);
  const found = classify(
    { sha: hex(1e9 + i), branch: 'ao/9999', prNumber: 9999 },
    recent,
    onDefault,
    thresholds,
    now,
  );
  times.push(performance.now() - begin);
  const used = process.cpuUsage(cpuBegin);
  cpu.push((used.user + used.system) / 1000);
  classes[found.class]++;
}
const warm = Math.min(50, CALLS / 10); // the first calls warm the page cache
const s = summarize(times.slice(warm));
console.log(formatSummary(`classify one failing check against ${inserted} outcomes (wall clock)`, s));
// CPU time per call does not count the time another process held the core (the machine is shared).
console.log(formatSummary('the same, CPU time of the call', summarize(cpu.slice(warm))));
console.log(`classes: ${JSON.stringify(classes)}`);
goal('classify p95', s.p95, 10, 'ms');
db.$client.close();
rmSync(dir, { recursive: true, force: true });
