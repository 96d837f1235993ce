import type { AgentObservation } from '@ao/shared/plugin';

/**
 * Parses aider's chat history markdown (`.aider.chat.history.md`) line by line:
 * - `# aider chat started at <time>`: a new run;
 * - `#### <text>`: the user's message (one `####` line per line of a multi-line message);
 * - `> <text>`: aider's own output (tool output, `Tokens: 1.2k sent, 300 received. Cost: ...`, answered prompts);
 * - anything else: the model's reply.
 * Empty lines never reach the parser (the tailer drops them).
 */

export interface AiderHistoryParser {
  onLine(line: string): AgentObservation[];
  /** Ends a pending user message (call after each batch of lines). */
  flush(): AgentObservation[];
}

const SOURCE = 'chat-history';

/** `1.2k` → 1200, `3,456` → 3456, `1.5M` → 1500000. */
export function parseTokenCount(s: string): number {
  const m = /^([\d,.]+)\s*([kKmM]?)$/.exec(s.trim());
  if (!m) return 0;
  const n = Number((m[1] ?? '').replace(/,/g, ''));
  if (!Number.isFinite(n)) return 0;
  const mult = m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  return Math.round(n * mult);
}

// `Tokens: 15k sent, 382 received.` or, with prompt caching, `Tokens: 4.6k sent, 2.4k cache write, 303 received.`
const TOKENS_RE = /^>\s*Tokens:\s*([\d,.]+[kKmM]?)\s+sent,(?:.*?,)?\s*([\d,.]+[kKmM]?)\s+received/;
const MODEL_RE = /^>\s*(?:Main )?[Mm]odel:\s*(\S+)/;

export function createAiderHistoryParser(now: () => number = Date.now): AiderHistoryParser {
  let pendingUser: string[] = [];
  let replying = false;
  let model: string | null = null;
  let tokensIn = 0;
  let tokensOut = 0;

  const flush = (): AgentObservation[] => {
    if (pendingUser.length === 0) return [];
    const text = pendingUser.join('\n');
    pendingUser = [];
    replying = false;
    const at = new Date(now()).toISOString();
    return [
      { userTurn: { text, at } },
      {
        signal: {
          activity: 'working',
          source: SOURCE,
          detail: 'user message sent',
          confidence: 'medium',
          at,
        },
      },
    ];
  };

  const onLine = (raw: string): AgentObservation[] => {
    const line = raw.replace(/\s+$/, '');
    if (line.startsWith('####')) {
      pendingUser.push(line.replace(/^####\s?/, ''));
      return [];
    }
    const out = flush();
    if (line.startsWith('# aider chat started at')) {
      replying = false;
      return out;
    }
    if (line.startsWith('>')) {
      const tokens = TOKENS_RE.exec(line);
      if (tokens) {
        tokensIn += parseTokenCount(tokens[1] ?? '');
        tokensOut += parseTokenCount(tokens[2] ?? '');
        out.push({ usage: { model, tokensIn, tokensOut } });
      }
      const m = MODEL_RE.exec(line);
      if (m?.[1] && m[1] !== model) {
        model = m[1];
        out.push({ model });
      }
      return out;
    }
    if (!replying) {
      replying = true;
      out.push({
        signal: { activity: 'working', source: SOURCE, detail: 'model replying', confidence: 'medium' },
      });
    }
    return out;
  };

  return { onLine, flush };
}
