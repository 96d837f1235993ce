import { apiErrorSchema } from '@ao/shared/api';
import { vi } from 'vitest';
import type { DeclaredRoute } from '../../../src/http/route-catalog';
import { type FastDaemon, startFast } from '../harness';
import { type Concrete, concrete, type Recipe, type World } from './concrete';
import type { Known } from './requests';
import {
  changesCounter,
  diffTables,
  keepOneRunning,
  respondToInput,
  seedSessions,
  snapshotTables,
} from './world';

/** Real timers, captured when this module loads (before the fuzz fakes them). */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

export interface RouteStats {
  sent: number;
  /** Replies by status and by class (`2xx`, `4xx`, ...). */
  status: Record<string, number>;
  /** Error codes of the refusals. */
  codes: Record<string, number>;
  /** Time spent answering, ms (the requests only, not the checks around them). */
  ms: number;
}

interface Answer {
  status: number;
  body: string;
  contentType: string;
  /** Simulated time given to the daemon while it answered (ms). */
  waited: number;
}

export interface Fuzzer {
  d: FastDaemon;
  known: Known;
  /** Sends one generated request and checks every invariant; throws saying which one broke. */
  check(route: DeclaredRoute, recipe: Recipe, s: RouteStats): Promise<void>;
  close(): Promise<void>;
}

/**
 * A daemon to fuzz (fake plugins, an agent that takes every message, sessions seeded in every state) and the checks
 * around each request. The daemon's timers must be vitest fake timers: they are advanced between requests, so nothing
 * timed writes behind a request's back and a changed row is the request's own doing.
 */
export async function startFuzzer(): Promise<Fuzzer> {
  const d = await startFast();
  respondToInput(d);
  await seedSessions(d);
  const db = d.app.db.$client;
  const changes = changesCounter(db);
  const allIds = db.prepare('SELECT id FROM sessions ORDER BY rowid').pluck();
  const world: World = {
    token: d.token,
    ids: () => allIds.all() as string[],
    secretOf: (id) => d.sessions.find(id)?.hookSecret,
    webhookSecret: d.app.github.secrets.all()[0] ?? '',
  };
  const ensureRunning = keepOneRunning(d);
  let requests = 0;

  /** Lets the work a request started finish: reactions, webhook deliveries, watchers attaching. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setImmediate(r));
      await d.app.reactions.idle();
      if (!d.app.github.inbox.pending().length) break;
    }
    await new Promise((r) => setImmediate(r));
  };

  /**
   * Sends one request. One that waits on the daemon's (fake) timers gets simulated time, a second per few real
   * milliseconds, up to two minutes of it; one that still has no answer after 10 s of real time fails.
   */
  const send = async (c: Concrete): Promise<Answer> => {
    const streamed = c.url.split('?')[0] === '/api/events';
    const controller = new AbortController();
    let simulated = 0;
    let clock: NodeJS.Timeout | undefined;
    const tick = () => {
      if (simulated < 120_000) {
        simulated += 1_000;
        vi.advanceTimersByTime(1_000);
      }
      clock = realSetTimeout(tick, 5);
    };
    clock = realSetTimeout(tick, 250);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = realSetTimeout(() => reject(new Error(`no answer within 10 s to ${describe(c)}`)), 10_000);
    });
    try {
      const res = await Promise.race([
        d.app.inject({
          method: c.method as 'GET',
          url: c.url,
          headers: c.headers,
          payload: c.payload,
          ...(streamed ? { payloadAsStream: true, signal: controller.signal } : {}),
        }),
        deadline,
      ]);
      const contentType = String(res.headers['content-type'] ?? '');
      if (!streamed) return { status: res.statusCode, body: res.body, contentType, waited: simulated };
      // An event stream never ends: its status and headers are the answer, and the client goes away.
      const stream = res.stream();
      stream.on('error', () => undefined);
      if (contentType.startsWith('text/event-stream')) {
        controller.abort();
        return { status: res.statusCode, body: '', contentType, waited: simulated };
      }
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return {
        status: res.statusCode,
        body: Buffer.concat(chunks).toString('utf8'),
        contentType,
        waited: simulated,
      };
    } finally {
      realClearTimeout(timer);
      realClearTimeout(clock);
    }
  };

  /** A refused request changed rows: replay it between two full snapshots of every table to say which. */
  const attribute = async (c: Concrete, res: Answer, rows: number) => {
    const before = snapshotTables(db);
    const again = await send(c);
    await settle();
    const diff = diffTables(before, snapshotTables(db));
    const message = [
      `refused request (HTTP ${res.status}: ${res.body.slice(0, 300)}) changed ${rows} row(s): ${describe(c)}`,
      `replayed (HTTP ${again.status}), it changed:`,
      ...(diff.length ? diff : ['(nothing this time: the first change depended on the state then)']),
    ].join('\n');
    return { changed: diff.length > 0, message };
  };

  const between = async () => {
    if (requests++ % 100 === 0) {
      // Timed work (first-prompt timeouts, held signals, the GitHub and reaction ticks) runs here, between requests.
      vi.advanceTimersByTime(30_000);
      await settle();
      const health = await d.app.inject({ method: 'GET', url: '/api/health' });
      if (health.statusCode !== 200) throw new Error(`/api/health answered ${health.statusCode}`);
    }
    await ensureRunning();
    await settle();
  };

  const check = async (route: DeclaredRoute, recipe: Recipe, s: RouteStats) => {
    await between();
    const errorsBefore = d.errors.length;
    const c = concrete(route, recipe, world);
    const before = changes();
    const started = performance.now();
    const res = await send(c);
    s.ms += performance.now() - started;
    await settle();
    const after = changes();
    count(s, res.status);

    const errors = d.errors.slice(errorsBefore);
    if (res.status >= 500) {
      throw new Error(
        `HTTP ${res.status} for ${describe(c)}\nreply: ${res.body.slice(0, 500)}\nlog: ${errors.join('\n')}`,
      );
    }
    if (errors.length)
      throw new Error(`errors logged for ${describe(c)} (HTTP ${res.status}):\n${errors.join('\n')}`);
    if (res.status < 400) return;
    if (after !== before) {
      const blame = await attribute(c, res, after - before);
      // Timed work that ran while a slow request was given simulated time is not the request's doing.
      if (blame.changed || !res.waited) throw new Error(blame.message);
    }
    if (c.method === 'HEAD' || !c.url.startsWith('/api/')) return; // no body to look at
    if (!res.contentType.includes('application/json'))
      throw new Error(`HTTP ${res.status} for ${describe(c)} is not JSON: ${res.body.slice(0, 300)}`);
    const parsed = apiErrorSchema.safeParse(JSON.parse(res.body));
    if (!parsed.success)
      throw new Error(`HTTP ${res.status} without a coded error: ${res.body.slice(0, 300)}`);
    s.codes[parsed.data.error.code] = (s.codes[parsed.data.error.code] ?? 0) + 1;
  };

  return {
    d,
    known: { configPath: d.configPath, repo: d.repo, token: d.token },
    check,
    close: () => d.close(),
  };
}

function count(s: RouteStats, status: number): void {
  s.sent++;
  const bucket = `${Math.floor(status / 100)}xx`;
  s.status[bucket] = (s.status[bucket] ?? 0) + 1;
  s.status[status] = (s.status[status] ?? 0) + 1;
}

const describe = (c: Concrete) =>
  `${c.method} ${c.url.slice(0, 300)} headers=${JSON.stringify(c.headers).slice(0, 400)} body=${JSON.stringify(
    c.payload?.slice(0, 400) ?? null,
  )}${(c.payload?.length ?? 0) > 400 ? `… (${c.payload?.length} chars)` : ''}`;
