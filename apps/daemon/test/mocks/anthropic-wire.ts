import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** The Anthropic Messages API wire format, as much as the Claude Code CLI needs: requests in, SSE or JSON out. */

export type MockBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

export interface MockUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export interface MockTurn {
  content: MockBlock[];
  usage?: Partial<MockUsage>;
  /** Defaults to 'tool_use' when the content has a tool_use block, else 'end_turn'. */
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
  /** Waits before answering (e.g. to keep the agent busy while a test types into it). */
  before?: () => Promise<void>;
  /** Answer with this API error instead (HTTP status and the error body Anthropic sends). */
  error?: { status: number; type: string; message: string };
}

export interface ToolResult {
  toolUseId: string;
  text: string;
  isError: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: MessagesBody;
  /** Whether the request offered tools (the agent's main loop) or not (a side call such as title generation). */
  main: boolean;
  /** Text of the last user message (text blocks only, tool results excluded). */
  lastUserText: string;
  /** Tool results in the last user message. */
  toolResults: ToolResult[];
  /** Every text of every message (user and assistant), for "the mock saw the earlier conversation" checks. */
  allText: string;
  /** The message id the mock answered with ('' for count_tokens/HEAD). */
  answeredId: string;
}

export interface MessagesBody {
  model?: string;
  stream?: boolean;
  tools?: unknown[];
  system?: unknown;
  messages?: Array<{ role: string; content: unknown }>;
  [key: string]: unknown;
}

export const text = (t: string, usage?: Partial<MockUsage>): MockTurn => ({
  content: [{ type: 'text', text: t }],
  usage,
});
export const toolUse = (
  name: string,
  input: Record<string, unknown>,
  usage?: Partial<MockUsage>,
): MockTurn => ({
  content: [{ type: 'tool_use', name, input }],
  usage,
});

/** An API error answer, e.g. `apiError(401, 'authentication_error', 'invalid x-api-key')`. */
export const apiError = (status: number, type: string, message: string): MockTurn => ({
  content: [],
  error: { status, type, message },
});

/** Writes an API error as Anthropic does (JSON body, `request-id` header). */
export function writeError(res: ServerResponse, error: NonNullable<MockTurn['error']>): void {
  res.writeHead(error.status, { 'content-type': 'application/json', 'request-id': newId('req') });
  res.end(JSON.stringify({ type: 'error', error: { type: error.type, message: error.message } }));
}

function contentText(content: unknown, withToolResults: boolean): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const b of content as Array<Record<string, unknown>>) {
    if (b['type'] === 'text' && typeof b['text'] === 'string') parts.push(b['text']);
    if (b['type'] === 'tool_use') parts.push(JSON.stringify(b['input'] ?? {}));
    if (withToolResults && b['type'] === 'tool_result') parts.push(contentText(b['content'], false));
  }
  return parts.join('\n');
}

function toolResultsOf(content: unknown): ToolResult[] {
  if (!Array.isArray(content)) return [];
  return (content as Array<Record<string, unknown>>)
    .filter((b) => b['type'] === 'tool_result')
    .map((b) => ({
      toolUseId: String(b['tool_use_id'] ?? ''),
      text: contentText(b['content'], false),
      isError: b['is_error'] === true,
    }));
}

export function describeRequest(method: string, path: string, body: MessagesBody): RecordedRequest {
  const messages = body.messages ?? [];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return {
    method,
    path,
    body,
    main: Array.isArray(body.tools) && body.tools.length > 0,
    lastUserText: lastUser ? contentText(lastUser.content, false) : '',
    toolResults: lastUser ? toolResultsOf(lastUser.content) : [],
    allText: messages.map((m) => contentText(m.content, true)).join('\n'),
    answeredId: '',
  };
}

export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function fullUsage(u: Partial<MockUsage> | undefined): MockUsage {
  return {
    input_tokens: u?.input_tokens ?? 100,
    output_tokens: u?.output_tokens ?? 20,
    cache_read_input_tokens: u?.cache_read_input_tokens ?? 0,
    cache_creation_input_tokens: u?.cache_creation_input_tokens ?? 0,
  };
}

function sse(res: ServerResponse, event: string, data: object): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function writeStream(res: ServerResponse, id: string, model: string, turn: MockTurn): void {
  const usage = fullUsage(turn.usage);
  const stop = turn.stopReason ?? (turn.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': newId('req'),
  });
  sse(res, 'message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  turn.content.forEach((b, index) => {
    if (b.type === 'text') {
      sse(res, 'content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
      sse(res, 'content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: b.text },
      });
    } else {
      const block = { type: 'tool_use', id: b.id ?? newId('toolu'), name: b.name, input: {} };
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: block });
      const json = JSON.stringify(b.input);
      const delta = (partial_json: string) => ({ type: 'input_json_delta', partial_json });
      const half = Math.floor(json.length / 2);
      sse(res, 'content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: delta(json.slice(0, half)),
      });
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: delta(json.slice(half)) });
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  sse(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stop, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

export function writeJson(res: ServerResponse, id: string, model: string, turn: MockTurn): void {
  const content = turn.content.map((b) =>
    b.type === 'text' ? b : { type: 'tool_use', id: b.id ?? newId('toolu'), name: b.name, input: b.input },
  );
  const stop = turn.stopReason ?? (turn.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id,
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: stop,
      usage: fullUsage(turn.usage),
    }),
  );
}
