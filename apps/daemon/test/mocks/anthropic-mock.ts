import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  describeRequest,
  type MessagesBody,
  type MockTurn,
  newId,
  type RecordedRequest,
  text,
  writeError,
  writeJson,
  writeStream,
} from './anthropic-wire';

export {
  apiError,
  type MockBlock,
  type MockTurn,
  type MockUsage,
  type RecordedRequest,
  type ToolResult,
  text,
  toolUse,
} from './anthropic-wire';

/**
 * A local stand-in for the Anthropic Messages API that drives the real Claude Code CLI (`ANTHROPIC_BASE_URL`).
 * Answers `POST /v1/messages` with streamed SSE from a script:
 * - `on(match, turns)`: when a request's last user message matches, answer with `turns[0]`; the following requests
 *   of that conversation (tool results) get `turns[1]`, ... (the rule's script is "active" until used up);
 * - `enqueue(...turns)`: a plain queue used when no rule matches and no script is active;
 * - otherwise a final text "Done.".
 * Requests without tools (title generation and other side calls) never consume scripted turns: `aux` answers them.
 * Every request is recorded so tests can assert what the CLI sent.
 */

export type RequestMatch = string | RegExp | ((req: RecordedRequest) => boolean);

interface Rule {
  match: RequestMatch;
  turns: MockTurn[];
  times: number;
}

interface Waiter {
  pred: (r: RecordedRequest) => boolean;
  resolve: (r: RecordedRequest) => void;
}

function matches(m: RequestMatch, req: RecordedRequest): boolean {
  if (typeof m === 'string') return req.lastUserText.includes(m);
  if (m instanceof RegExp) return m.test(req.lastUserText);
  return m(req);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class AnthropicMock {
  url = '';
  readonly requests: RecordedRequest[] = [];
  /** Answers side calls (no tools offered): a JSON title when a JSON answer is asked for, else a short text. */
  aux: (req: RecordedRequest) => MockTurn = (req) =>
    req.body['output_config'] ? text('{"title": "Mock session title"}') : text('Mock answer');
  private readonly queue: MockTurn[] = [];
  private readonly rules: Rule[] = [];
  private active: MockTurn[] = [];
  private waiters: Waiter[] = [];
  private readonly server: Server = createServer((req, res) => {
    this.handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: String(err) } }));
    });
  });

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests of the agent's main loop only (tools offered). */
  mainRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.main);
  }

  enqueue(...turns: MockTurn[]): void {
    this.queue.push(...turns);
  }

  /** When a main-loop request's last user text matches, answer with this script of turns (one per request). */
  on(match: RequestMatch, turns: MockTurn | MockTurn[], opts: { times?: number } = {}): void {
    const list = Array.isArray(turns) ? turns : [turns];
    this.rules.push({ match, turns: list, times: opts.times ?? Number.POSITIVE_INFINITY });
  }

  /** Resolves with the first recorded request (past or future) that satisfies `pred`. */
  waitForRequest(pred: (req: RecordedRequest) => boolean, timeoutMs = 60_000): Promise<RecordedRequest> {
    const found = this.requests.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { pred, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        if (!this.waiters.includes(waiter)) return;
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const n = this.requests.length;
        reject(new Error(`anthropic mock: no matching request within ${timeoutMs} ms (${n} seen)`));
      }, timeoutMs).unref();
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private nextMainTurn(req: RecordedRequest): MockTurn {
    const rule = this.rules.find((r) => r.times > 0 && matches(r.match, req));
    if (rule) {
      rule.times -= 1;
      this.active = rule.turns.slice(1);
      return rule.turns[0] ?? text('Done.');
    }
    return this.active.shift() ?? this.queue.shift() ?? text('Done.');
  }

  private record(rec: RecordedRequest): void {
    this.requests.push(rec);
    const hits = this.waiters.filter((w) => w.pred(rec));
    this.waiters = this.waiters.filter((w) => !hits.includes(w));
    for (const w of hits) w.resolve(rec);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'HEAD' || req.method === 'GET') {
      res.writeHead(200).end();
      return;
    }
    const raw = await readBody(req);
    const body = (raw ? JSON.parse(raw) : {}) as MessagesBody;
    const rec = describeRequest(req.method ?? 'POST', path, body);
    if (path === '/v1/messages/count_tokens') {
      this.record(rec);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 100 }));
      return;
    }
    if (path !== '/v1/messages') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: path } }));
      return;
    }
    const turn = rec.main ? this.nextMainTurn(rec) : this.aux(rec);
    rec.answeredId = newId('msg');
    this.record(rec);
    if (turn.before) await turn.before();
    if (turn.error) {
      writeError(res, turn.error);
      return;
    }
    const model = body.model ?? 'claude-mock';
    if (body.stream === true) writeStream(res, rec.answeredId, model, turn);
    else writeJson(res, rec.answeredId, model, turn);
  }
}

export function startAnthropicMock(): Promise<AnthropicMock> {
  return new AnthropicMock().listen();
}
