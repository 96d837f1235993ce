import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type RouteStats, startFuzzer } from './fuzz/fuzzer';
import { recipes } from './fuzz/requests';

/**
 * Fuzzes every route the app declares (enumerated from its own route catalog, so a new route is fuzzed without a list
 * to update): requests from each route's zod schemas (valid, near-valid) and junk (any JSON, any bytes, any content
 * type), with and without the token; hooks with right and wrong secrets; webhooks signed well over junk too.
 * Invariants: never a 5xx; a refused request (4xx) changes no row (SQLite's total_changes(), and on a failure a replay
 * between snapshots of every table says which rows); it says why (`{error: {code, message}}`); nothing is logged as an
 * error; the daemon keeps answering /api/health. Every 2xx reply fits its declared schema (the app is built with
 * `checkReplies`: a reply that does not fit is a 500).
 *
 * `AO_FUZZ_RUNS` (default 200) requests per route; `AO_FUZZ_SEED` replays a run; `AO_FUZZ_ROUTE` keeps the routes
 * whose "METHOD /url" contains it; `AO_FUZZ_REPORT` writes the figures as JSON (bench/fuzz-api.mjs); `AO_FUZZ_FRESH=1`
 * (the default past 1,000 runs) gives each route a fresh daemon, so what one route's accepted requests created (a few
 * thousand sessions) does not slow the next.
 */
const RUNS = Number(process.env.AO_FUZZ_RUNS ?? 200);
const SEED = process.env.AO_FUZZ_SEED ? Number(process.env.AO_FUZZ_SEED) : undefined;
const ONLY = process.env.AO_FUZZ_ROUTE;
const FRESH = process.env.AO_FUZZ_FRESH ? process.env.AO_FUZZ_FRESH === '1' : RUNS > 1000;

// The daemon's timers are fake: the fuzzer advances them between requests (see fuzz/fuzzer.ts).
vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
let fuzzer = await startFuzzer();
const routes = fuzzer.d.app.routeCatalog.filter((r) => !ONLY || `${r.method} ${r.url}`.includes(ONLY));
const stats = new Map<string, RouteStats>();

/** Long runs of one character (huge generated strings) shown as their length. */
const shorten = (text: string) =>
  text.replace(
    /(.)\1{80,}/gs,
    (run, ch: string) => `${ch.repeat(8)}…(${run.length} × ${JSON.stringify(ch)})`,
  );

describe(`fuzz: ${RUNS} generated requests per route`, () => {
  afterAll(async () => {
    if (process.env.AO_FUZZ_REPORT) {
      const report = { runs: RUNS, seed: SEED ?? null, fresh: FRESH, routes: Object.fromEntries(stats) };
      writeFileSync(process.env.AO_FUZZ_REPORT, JSON.stringify(report, null, 2));
    }
    await fuzzer.close();
    vi.useRealTimers();
  });

  it('enumerates the routes from the app itself', () => {
    const names = fuzzer.d.app.routeCatalog.map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(expect.arrayContaining(['POST /api/sessions', 'POST /api/hooks/:sessionId']));
    expect(names).toEqual(
      expect.arrayContaining(['POST /api/webhooks/github', 'GET /api/sessions/:id/terminal']),
    );
    const send = fuzzer.d.app.routeCatalog.find(
      (r) => r.method === 'POST' && r.url === '/api/sessions/:id/send',
    );
    expect(send?.schema.body).toBeDefined();
  });

  let used = false;
  for (const route of routes) {
    const name = `${route.method} ${route.url}`;
    it(
      name,
      async () => {
        if (FRESH && used) {
          await fuzzer.close();
          fuzzer = await startFuzzer();
        }
        used = true;
        const s: RouteStats = { sent: 0, status: {}, codes: {}, ms: 0 };
        stats.set(name, s);
        const f = fuzzer;
        const details = await fc.check(
          fc.asyncProperty(recipes(route, f.known), (recipe) => f.check(route, recipe, s)),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
        if (details.failed) {
          const cause =
            details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance;
          throw new Error(shorten(`${String(cause)}\n\n${fc.defaultReportMessage(details) ?? ''}`));
        }
        expect(s.sent).toBeGreaterThanOrEqual(RUNS);
      },
      Math.max(60_000, RUNS * 50),
    );
  }
});
