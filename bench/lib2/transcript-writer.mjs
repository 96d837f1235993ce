// Writes Claude Code-like transcripts (`<configDir>/projects/<slug>/<sessionId>.jsonl`) line by line: a busy agent's
// assistant text and tool calls, tool results and bookkeeping, with usage counted once per message id.
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const MODEL = 'claude-sonnet-4-5-20250929';
const USAGE = {
  input_tokens: 6,
  output_tokens: 180,
  cache_read_input_tokens: 21_000,
  cache_creation_input_tokens: 400,
};
const FILLER =
  'I will look at the failing test first, then read the module it exercises and adjust the redirect logic so ' +
  'the login flow lands on the page the user asked for. ';

/** The 10 line kinds of one cycle (one second at 10 lines/s); three API responses (message ids) per cycle. */
const CYCLE = ['text', 'tool', 'result', 'snapshot', 'text', 'tool', 'result', 'text', 'tool', 'result'];

/**
 * One transcript. `next()` appends the next line (synchronously) and returns its length. Every `turnEvery`-th cycle
 * ends with a `system`/`turn_duration` line instead of its last tool result (the turn ends: idle, then working again).
 * `bookkeepingOnly` writes only `file-history-snapshot` lines (no observation at all: isolates the tailing cost).
 */
export function openTranscript(path, { agentSessionId, cwd, turnEvery = 10, bookkeepingOnly = false }) {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  let line = 0;
  let parent = null;
  let messageId = null;
  let toolId = null;
  const totals = { messages: 0, tokensOut: 0, tokensIn: 0 };
  const base = () => {
    const uuid = randomUUID();
    const rec = {
      parentUuid: parent,
      isSidechain: false,
      userType: 'external',
      cwd,
      sessionId: agentSessionId,
      version: '2.1.197',
      gitBranch: 'ao/bench',
      uuid,
      timestamp: new Date().toISOString(),
    };
    parent = uuid;
    return rec;
  };
  const assistant = (content) => ({
    ...base(),
    type: 'assistant',
    requestId: `req_${messageId}`,
    message: { id: messageId, type: 'message', role: 'assistant', model: MODEL, content, usage: USAGE },
  });
  const build = (kind, cycle) => {
    if (kind === 'text') {
      messageId = `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
      totals.messages += 1;
      totals.tokensOut += USAGE.output_tokens;
      totals.tokensIn +=
        USAGE.input_tokens + USAGE.cache_read_input_tokens + USAGE.cache_creation_input_tokens;
      return assistant([{ type: 'text', text: `${FILLER.repeat(4)}(step ${line})` }]);
    }
    if (kind === 'tool') {
      toolId = `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
      const input = {
        command: `npm test -- --run src/login.test.ts # ${line}`,
        description: 'Run the tests',
      };
      return assistant([{ type: 'tool_use', id: toolId, name: 'Bash', input }]);
    }
    if (kind === 'result') {
      if (cycle % turnEvery === turnEvery - 1 && line % 10 === 9)
        return { ...base(), type: 'system', subtype: 'turn_duration', durationMs: 9_000, isMeta: false };
      const out = `> vitest run src/login.test.ts\n${' ✓ login redirects\n'.repeat(20)}Tests 20 passed`;
      return {
        ...base(),
        type: 'user',
        message: { role: 'user', content: [{ tool_use_id: toolId, type: 'tool_result', content: out }] },
        toolUseResult: { stdout: out, stderr: '', interrupted: false },
      };
    }
    return { type: 'file-history-snapshot', messageId: randomUUID(), snapshot: { trackedFileBackups: {} } };
  };
  return {
    path,
    totals,
    next() {
      const kind = bookkeepingOnly ? 'snapshot' : CYCLE[line % CYCLE.length];
      const rec = build(kind, Math.floor(line / CYCLE.length));
      line += 1;
      const text = `${JSON.stringify(rec)}\n`;
      writeSync(fd, text);
      return text.length;
    },
    close: () => closeSync(fd),
  };
}
