import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from './wait';

/**
 * A local stand-in for the OpenAI Responses API (`POST /v1/responses`, streamed SSE), enough to drive the real Codex
 * CLI: each request gets the next scripted turn (a function call such as the shell tool, or a final message). The
 * codex tests script it turn by turn; bench/codex-delivery answers every request with one line.
 */

export type MockTurn =
  | {
      kind: 'function_call';
      name: string;
      arguments: Record<string, unknown> | string;
      callId?: string;
      /** The namespace tool the function belongs to (Codex offers an MCP server's tools as `mcp__<server>`). */
      namespace?: string;
    }
  | { kind: 'message'; text: string };

export interface OpenAiRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  at: number;
}

/** The turn to answer a request with: a fixed list consumed in order, or a function of the request. */
export type MockScript = MockTurn[] | ((req: OpenAiRequest, index: number) => MockTurn);

export interface MockUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface OpenAiResponsesMock {
  /** Base URL including `/v1`, for a provider's `base_url`. */
  baseUrl: string;
  port: number;
  /** Every request received, in order (all paths). */
  requests: OpenAiRequest[];
  /** Only the `POST /v1/responses` requests. */
  responseRequests(): OpenAiRequest[];
  /** Replaces the script (and restarts its counter). */
  setScript(script: MockScript): void;
  close(): Promise<void>;
}

export interface OpenAiResponsesMockOptions {
  script?: MockScript;
  usage?: MockUsage;
  /** Delay between SSE events, to make a turn last a little (ms). */
  eventDelayMs?: number;
}

const FALLBACK_TURN: MockTurn = { kind: 'message', text: 'Done.' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // Not JSON: keep the raw text so a test can still see what arrived.
    return { raw: text, error: String(err) };
  }
}

function outputItem(turn: MockTurn): Record<string, unknown> {
  if (turn.kind === 'function_call') {
    const args = typeof turn.arguments === 'string' ? turn.arguments : JSON.stringify(turn.arguments);
    return {
      type: 'function_call',
      id: `fc_${randomUUID()}`,
      call_id: turn.callId ?? `call_${randomUUID().slice(0, 8)}`,
      name: turn.name,
      ...(turn.namespace ? { namespace: turn.namespace } : {}),
      arguments: args,
      status: 'completed',
    };
  }
  return {
    type: 'message',
    id: `msg_${randomUUID()}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: turn.text, annotations: [] }],
  };
}

function sseEvents(turn: MockTurn, model: string, usage: MockUsage): Array<Record<string, unknown>> {
  const id = `resp_${randomUUID()}`;
  const item = outputItem(turn);
  const base = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model };
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: { ...base, status: 'in_progress', output: [] } },
    { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress' } },
  ];
  if (turn.kind === 'message') {
    events.push({
      type: 'response.output_text.delta',
      item_id: item.id,
      output_index: 0,
      content_index: 0,
      delta: turn.text,
    });
  }
  events.push({ type: 'response.output_item.done', output_index: 0, item });
  events.push({
    type: 'response.completed',
    response: {
      ...base,
      status: 'completed',
      output: [item],
      usage: {
        input_tokens: usage.inputTokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: usage.outputTokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.inputTokens + usage.outputTokens,
      },
    },
  });
  return events;
}

async function streamTurn(res: ServerResponse, events: Array<Record<string, unknown>>, delayMs: number) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const ev of events) {
    res.write(`event: ${String(ev.type)}\ndata: ${JSON.stringify(ev)}\n\n`);
    if (delayMs > 0) await sleep(delayMs);
  }
  res.end();
}

export async function startOpenAiResponsesMock(
  opts: OpenAiResponsesMockOptions = {},
): Promise<OpenAiResponsesMock> {
  let script: MockScript = opts.script ?? [];
  let served = 0;
  const usage = opts.usage ?? { inputTokens: 120, outputTokens: 30 };
  const requests: OpenAiRequest[] = [];

  const nextTurn = (req: OpenAiRequest): MockTurn => {
    const index = served++;
    if (typeof script === 'function') return script(req, index);
    return script[index] ?? FALLBACK_TURN;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const rec: OpenAiRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: parseJson(text),
        at: Date.now(),
      };
      requests.push(rec);
      if (rec.method === 'POST' && path === '/v1/responses') {
        const body = rec.body as { model?: unknown } | null;
        const model = typeof body?.model === 'string' ? body.model : 'mock-model';
        await streamTurn(res, sseEvents(nextTurn(rec), model, usage), opts.eventDelayMs ?? 0);
        return;
      }
      if (rec.method === 'GET' && path === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [], models: [] }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `mock: no route ${rec.method} ${path}` } }));
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    responseRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses'),
    setScript(next) {
      script = next;
      served = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `config.toml` of a CODEX_HOME whose model provider is the mock at `baseUrl`, its key read from `envKey`. */
export function codexConfigToml(baseUrl: string, envKey: string): string {
  return [
    'model_provider = "mock"',
    'model = "mock-model"',
    'check_for_update_on_startup = false',
    '[model_providers.mock]',
    'name = "mock"',
    `base_url = "${baseUrl}"`,
    `env_key = "${envKey}"`,
    'wire_api = "responses"',
    '',
  ].join('\n');
}
