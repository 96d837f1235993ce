import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Claude Code-like transcript lines (the shapes of apps/daemon/src/plugins/agent-claude-code/fixtures/): a typed user
 * prompt, assistant text and tool calls with usage (one API response = one message id, its usage repeated on each of
 * its lines), tool results, a turn's end, and bookkeeping.
 */

export const MODEL = 'claude-sonnet-4-5-20250929';
export const USAGE = {
  input_tokens: 6,
  output_tokens: 180,
  cache_read_input_tokens: 21_000,
  cache_creation_input_tokens: 400,
};
const FILLER =
  'I will look at the failing test first, then read the module it exercises and adjust the redirect logic so ' +
  'the login flow lands on the page the user asked for. ';

const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

export interface Transcript {
  path: string;
  /** What was written that carries usage: API responses (message ids) and their tokens. */
  totals: { messages: number; tokensOut: number; tokensIn: number; lines: number; bytes: number };
  userPrompt(text: string): void;
  /** A new API response (message id) with text, optionally calling a tool; returns the tool call id. */
  assistant(text: string, tool?: { name: string; input: Record<string, unknown> }): string | null;
  toolResult(toolUseId: string, output: string): void;
  turnEnd(durationMs: number): void;
  bookkeeping(): void;
}

/** A transcript at `path` (appended one line at a time, synchronously, as Claude does). */
export function openTranscript(
  path: string,
  opts: { agentSessionId: string; cwd: string; gitBranch?: string },
): Transcript {
  mkdirSync(dirname(path), { recursive: true });
  let parent: string | null = null;
  const totals = { messages: 0, tokensOut: 0, tokensIn: 0, lines: 0, bytes: 0 };
  const write = (rec: Record<string, unknown>) => {
    const text = `${JSON.stringify(rec)}\n`;
    appendFileSync(path, text);
    totals.lines += 1;
    totals.bytes += text.length;
  };
  const base = () => {
    const uuid = randomUUID();
    const rec = {
      parentUuid: parent,
      isSidechain: false,
      userType: 'external',
      entrypoint: 'cli',
      cwd: opts.cwd,
      sessionId: opts.agentSessionId,
      version: '2.1.197',
      gitBranch: opts.gitBranch ?? 'main',
      uuid,
      timestamp: new Date().toISOString(),
    };
    parent = uuid;
    return rec;
  };
  return {
    path,
    totals,
    userPrompt(text) {
      write({ ...base(), type: 'user', message: { role: 'user', content: text }, promptSource: 'typed' });
    },
    assistant(text, tool) {
      const messageId = newId('msg');
      totals.messages += 1;
      totals.tokensOut += USAGE.output_tokens;
      totals.tokensIn +=
        USAGE.input_tokens + USAGE.cache_read_input_tokens + USAGE.cache_creation_input_tokens;
      const line = (content: unknown[]) => ({
        ...base(),
        type: 'assistant',
        requestId: `req_${messageId}`,
        message: { id: messageId, type: 'message', role: 'assistant', model: MODEL, content, usage: USAGE },
      });
      write(line([{ type: 'text', text: `${FILLER.repeat(2)}${text}` }]));
      if (!tool) return null;
      const id = newId('toolu');
      write(line([{ type: 'tool_use', id, name: tool.name, input: tool.input }]));
      return id;
    },
    toolResult(toolUseId, output) {
      write({
        ...base(),
        type: 'user',
        message: {
          role: 'user',
          content: [{ tool_use_id: toolUseId, type: 'tool_result', content: output }],
        },
        toolUseResult: { stdout: output, stderr: '', interrupted: false },
      });
    },
    turnEnd(durationMs) {
      write({ ...base(), type: 'system', subtype: 'turn_duration', durationMs, isMeta: false });
    },
    bookkeeping() {
      write({ type: 'file-history-snapshot', messageId: randomUUID(), snapshot: { trackedFileBackups: {} } });
    },
  };
}

/** Claude Code's project folder name for a cwd (the rule of the plugin's paths.ts and FACTS.md). */
export function projectSlug(cwd: string): string {
  const slug = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (slug.length <= 200) return slug;
  let h = 0;
  for (let i = 0; i < cwd.length; i++) h = ((h << 5) - h + cwd.charCodeAt(i)) | 0;
  return `${slug.slice(0, 200)}-${Math.abs(h).toString(36)}`;
}
