import { apiErrorSchema } from '@ao/shared/api';
import type Database from 'better-sqlite3';
import { vi } from 'vitest';
import { z } from 'zod';
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

const jsonRpcError = z.object({
  jsonrpc: z.literal('2.0'),
  error: z.object({ code: z.number().int(), message: z.string() }),
});

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

/**
 * A daemon to fuzz (fake plugins, an agent that takes every message, sessions seeded in every state) and the checks
 * around each request. The daemon's timers must be vitest fake timers: they are advanced between requests, so nothing
 * timed writes behind a request's back and a changed row is the request's own doing.
 */
export async function startFuzzer(): Promise<Fuzzer> {
  const d = await startFast();
  respondToInput(d);
  await seedSessions(d);
  return new Fuzzer(d);
}

export class Fuzzer {
  readonly known: Known;
  private readonly db: Database.Database;
  private readonly changes: () => number;
  private readonly world: World;
  private readonly ensureRunning: () => Promise<void>;
  private requests = 0;
  private readonly pendingDelivery: Database.Statement;

  constructor(readonly d: FastDaemon) {
    this.db = d.app.db.$client;
    this.changes = changesCounter(this.db);
    const allIds = this.db.prepare('SELECT id FROM sessions ORDER BY rowid').pluck();
    this.world = {
      token: d.token,
      ids: () => allIds.all() as string[],
      secretOf: (id) => d.sessions.find(id)?.hookSecret,
      webhookSecret: d.app.github.secrets.all()[0] ?? '',
    };
    this.known = { configPath: d.configPath, repo: d.repo, token: d.token };
    this.ensureRunning = keepOneRunning(d);
    this.pendingDelivery = this.db.prepare(
      'SELECT 1 FROM webhook_deliveries WHERE processed_at IS NULL AND fact IS NOT NULL LIMIT 1',
    );
  }

  close(): Promise<void> {
    return this.d.close();
  }

  /** Sends one generated request and checks every invariant; throws saying which one broke. */
  async check(route: DeclaredRoute, recipe: Recipe, s: RouteStats): Promise<void> {
    await this.between();
    const errorsBefore = this.d.errors.length;
    const c = concrete(route, recipe, this.world);
    const before = this.changes();
    const started = performance.now();
    const res = await this.send(c);
    s.ms += performance.now() - started;
    await this.settle();
    const after = this.changes();
    count(s, res.status);

    const errors = this.d.errors.slice(errorsBefore);
    if (res.status >= 500) {
      throw new Error(
        `HTTP ${res.status} for ${describe(c)}\nreply: ${res.body.slice(0, 500)}\nlog: ${errors.join('\n')}`,
      );
    }
    if (errors.length)
      throw new Error(`errors logged for ${describe(c)} (HTTP ${res.status}):\n${errors.join('\n')}`);
    if (res.status < 400) return;
    if (after !== before) {
      const blame = await this.attribute(c, res, after - before);
      // Timed work that ran while a slow request was given simulated time is not the request's doing.
      if (blame.changed || !res.waited) throw new Error(blame.message);
    }
    if (c.method === 'HEAD' || !c.url.startsWith('/api/')) return; // no body to look at
    if (!res.contentType.includes('application/json'))
      throw new Error(`HTTP ${res.status} for ${describe(c)} is not JSON: ${res.body.slice(0, 300)}`);
    const body = JSON.parse(res.body) as unknown;
    // The MCP endpoint's transport answers in JSON-RPC, as the protocol says (406, 415, a parse error...).
    if (c.url.split('?')[0] === '/api/mcp' && jsonRpcError.safeParse(body).success) return;
    const parsed = apiErrorSchema.safeParse(body);
    if (!parsed.success)
      throw new Error(`HTTP ${res.status} without a coded error: ${res.body.slice(0, 300)}`);
    s.codes[parsed.data.error.code] = (s.codes[parsed.data.error.code] ?? 0) + 1;
  }

  /** Between requests: now and then, timed work and a health check; always a running session to aim at. */
  private async between(): Promise<void> {
    if (this.requests++ % 100 === 0) {
      // Timed work (first-prompt timeouts, held signals, the GitHub and reaction ticks) runs here, between requests.
      vi.advanceTimersByTime(30_000);
      await this.settle();
      const health = await this.d.app.inject({ method: 'GET', url: '/api/health' });
      if (health.statusCode !== 200) throw new Error(`/api/health answered ${health.statusCode}`);
    }
    await this.ensureRunning();
    await this.settle();
  }

  /** Lets the work a request started finish: reactions, webhook deliveries, watchers attaching. */
  private async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setImmediate(r));
      await this.d.app.reactions.idle();
      if (!this.pendingDelivery.get()) break;
    }
    await new Promise((r) => setImmediate(r));
  }

  /**
   * Sends one request. One that waits on the daemon's (fake) timers gets simulated time, a second per few real
   * milliseconds, up to two minutes of it; one that still has no answer after 10 s of real time fails.
   */
  private async send(c: Concrete): Promise<Answer> {
    const streamed = c.url.split('?')[0] === '/api/events';
    const controller = new AbortController();
    const clock = simulatedClock();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = realSetTimeout(() => reject(new Error(`no answer within 10 s to ${describe(c)}`)), 10_000);
    });
    try {
      const res = await Promise.race([
        this.d.app.inject({
          method: c.method as 'GET',
          url: c.url,
          headers: c.headers,
          payload: c.payload,
          ...(streamed ? { payloadAsStream: true, signal: controller.signal } : {}),
        }),
        deadline,
      ]);
      const contentType = String(res.headers['content-type'] ?? '');
      const answer = { status: res.statusCode, body: '', contentType, waited: clock.simulated() };
      if (!streamed) return { ...answer, body: res.body };
      // An event stream never ends: its status and headers are the answer, and the client goes away.
      const stream = res.stream();
      stream.on('error', () => undefined);
      if (contentType.startsWith('text/event-stream')) {
        controller.abort();
        return answer;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return { ...answer, body: Buffer.concat(chunks).toString('utf8') };
    } finally {
      realClearTimeout(timer);
      clock.stop();
    }
  }

  /** A refused request changed rows: replay it between two full snapshots of every table to say which. */
  private async attribute(c: Concrete, res: Answer, rows: number) {
    const before = snapshotTables(this.db);
    const again = await this.send(c);
    await this.settle();
    const diff = diffTables(before, snapshotTables(this.db));
    const message = [
      `refused request (HTTP ${res.status}: ${res.body.slice(0, 300)}) changed ${rows} row(s): ${describe(c)}`,
      `replayed (HTTP ${again.status}), it changed:`,
      ...(diff.length ? diff : ['(nothing this time: the first change depended on the state then)']),
    ].join('\n');
    return { changed: diff.length > 0, message };
  }
}

/** Gives the daemon simulated time while a request waits: after 250 ms of real time, 1 s per 5 ms, up to 2 min. */
function simulatedClock() {
  let simulated = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (simulated < 120_000) {
      simulated += 1_000;
      vi.advanceTimersByTime(1_000);
    }
    timer = realSetTimeout(tick, 5);
  };
  timer = realSetTimeout(tick, 250);
  return { simulated: () => simulated, stop: () => realClearTimeout(timer) };
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
