import type { ActivitySignal, AgentObservation } from '@ao/shared/plugin';
import { parseJsonObject } from '../agent-shared/jsonl-tailer';
import { costUsd, type PricingTable, priceFor } from '../agent-shared/pricing';
import { turnFailed } from './api-errors';
import { toolSummary } from './tool-summary';
import { type QueuedEntry, QueueTracker } from './transcript-queue';

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Prompts Claude Code writes as user lines that no human typed (slash-command echoes and their output). */
const SYNTHETIC_PROMPT =
  /^\s*<(command-name|command-message|local-command-stdout|local-command-stderr|bash-)/;
/** What Claude writes as a user line when the user interrupts a turn (Escape, Ctrl+C). */
const INTERRUPTED = /^\[Request interrupted by user( for tool use)?\]$/;
/** Message ids kept with a saved state: enough to never count a response twice across a restart. */
const KEEP_IDS = 50;

export interface Totals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** What the parser needs to go on after a restart from a saved offset (small JSON). */
export interface ParserState {
  totals: Totals;
  model: string | null;
  /** The last message ids counted (one response spans several lines). */
  ids: string[];
  queue: QueuedEntry[];
  /** The last activity the transcript showed, so a probe can tell it without re-reading. */
  last: ActivitySignal | null;
}

/**
 * Turns Claude Code transcript lines into observations. Usage is counted once per `message.id` (one API response
 * is written as several assistant lines with the same id and usage). Bookkeeping lines never count as activity. A
 * message typed while Claude works is `queued` at its `enqueue` and delivered when it reaches the model (a
 * `queued_command` attachment mid-turn, or a user line starting a new turn); see QueueTracker for the rest.
 */
export class TranscriptParser {
  private readonly seen: Set<string>;
  private readonly totals: Totals;
  private model: string | null;
  private readonly queue: QueueTracker;
  /** The error the current turn failed with (an API error line), until the next user turn. */
  private failure: ActivitySignal | null = null;
  private lastSignal: ActivitySignal | null;

  constructor(
    private readonly pricing: PricingTable = {},
    saved: ParserState | null = null,
  ) {
    this.seen = new Set(saved?.ids ?? []);
    this.totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, ...saved?.totals };
    this.model = saved?.model ?? null;
    this.queue = new QueueTracker(saved?.queue ?? []);
    this.lastSignal = saved?.last ?? null;
  }

  state(): ParserState {
    return {
      totals: { ...this.totals },
      model: this.model,
      ids: [...this.seen].slice(-KEEP_IDS),
      queue: this.queue.snapshot(),
      last: this.lastSignal,
    };
  }

  /** The last activity the transcript showed (a user turn or tool call: working; a turn end: idle). */
  get lastActivity(): ActivitySignal | null {
    return this.lastSignal;
  }

  /** Whether the transcript counted any usage (false: nothing worth reporting yet). */
  get hasUsage(): boolean {
    return this.seen.size > 0;
  }

  /** One raw line in; zero or more observations out. Malformed lines yield nothing. */
  parseLine(line: string): AgentObservation[] {
    const rec = parseJsonObject(line);
    if (!rec) return [];
    const out = this.parse(rec);
    for (const o of out) if (o.signal) this.lastSignal = o.signal;
    return out;
  }

  /** Claude says it is idle: queued texts it dequeued but never started a turn with are dropped. */
  idle(at: string, olderThanMs = 1500): AgentObservation[] {
    return this.queue.idle(at, olderThanMs);
  }

  usage(): NonNullable<AgentObservation['usage']> {
    const t = this.totals;
    return {
      model: this.model,
      tokensIn: t.input + t.cacheRead + t.cacheWrite,
      tokensOut: t.output,
      costUsd: costUsd(t, priceFor(this.model, this.pricing)),
    };
  }

  private parse(rec: Rec): AgentObservation[] {
    const at = str(rec['timestamp']) ?? new Date().toISOString();
    switch (rec['type']) {
      case 'assistant':
        return this.assistant(rec, at);
      case 'user':
        return this.user(rec, at);
      case 'queue-operation':
        return this.queue.operation(rec, at);
      case 'attachment':
        return this.attachment(rec, at);
      case 'system':
        if (rec['subtype'] !== 'turn_duration') return [];
        // A turn that failed with an API error stays what that error made it (2.1.197 still writes a duration).
        return [{ signal: this.failure ? { ...this.failure, at } : sig('idle', 'turn finished', at) }];
      case 'ai-title': {
        const title = str(rec['aiTitle']) ?? str(rec['title']);
        return title ? [{ title }] : [];
      }
      default:
        return []; // bookkeeping: mode, permission-mode, file-history-*, last-prompt, api-request, ...
    }
  }

  private assistant(rec: Rec, at: string): AgentObservation[] {
    const msg = rec['message'];
    if (!isRec(msg)) return [];
    if (rec['isApiErrorMessage'] === true && !rec['isSidechain']) {
      const text = Array.isArray(msg['content'])
        ? (msg['content'] as unknown[]).flatMap((b) =>
            isRec(b) && typeof b['text'] === 'string' ? [b['text']] : [],
          )
        : [];
      const base = { source: 'transcript', confidence: 'medium' as const, at };
      this.failure = turnFailed(str(rec['error']) ?? 'unknown', text.join(' '), base);
      return [{ signal: this.failure }];
    }
    const out: AgentObservation[] = [];
    const model = str(msg['model']);
    const realModel = model && model !== '<synthetic>' ? model : undefined;
    if (realModel && realModel !== this.model) {
      this.model = realModel;
      out.push({ model: realModel });
    }
    const id = str(msg['id']);
    if (id && realModel && isRec(msg['usage']) && !this.seen.has(id)) {
      this.seen.add(id);
      const u = msg['usage'];
      this.totals.input += num(u['input_tokens']);
      this.totals.output += num(u['output_tokens']);
      this.totals.cacheRead += num(u['cache_read_input_tokens']);
      this.totals.cacheWrite += num(u['cache_creation_input_tokens']);
      out.push({ usage: this.usage() });
    }
    const tool = Array.isArray(msg['content'])
      ? (msg['content'] as unknown[]).find((b): b is Rec => isRec(b) && b['type'] === 'tool_use')
      : undefined;
    if (tool && !rec['isSidechain']) {
      out.push({
        signal: sig('working', `tool call ${toolSummary(str(tool['name']) ?? 'tool', tool['input'])}`, at),
      });
    }
    return out;
  }

  private user(rec: Rec, at: string): AgentObservation[] {
    if (rec['isMeta'] === true || rec['isSidechain'] === true || rec['isCompactSummary'] === true) return [];
    const msg = rec['message'];
    if (!isRec(msg)) return [];
    const text = promptText(msg['content']);
    if (text === null || SYNTHETIC_PROMPT.test(text)) return [];
    // An interruption is no turn; 2.1.332 writes it after the user line of a queued message that goes on at once,
    // so it says nothing about the activity either (the status file does).
    if (INTERRUPTED.test(text.trim())) return [];
    this.failure = null;
    return [
      { userTurn: { text, at }, signal: sig('working', 'user turn', at) },
      ...this.queue.turnStarted(text, at),
    ];
  }

  private attachment(rec: Rec, at: string): AgentObservation[] {
    const att = rec['attachment'];
    if (!isRec(att) || att['type'] !== 'queued_command') return [];
    const prompt = str(att['prompt']);
    if (prompt === undefined) return [];
    // A message typed while Claude worked reaches the model with the next tool result: delivered now.
    this.queue.delivered(prompt);
    return [{ userTurn: { text: prompt, at } }];
  }
}

function sig(activity: ActivitySignal['activity'], detail: string, at: string): ActivitySignal {
  return { activity, source: 'transcript', detail, confidence: 'medium', at };
}

/** The text a human typed: a string, or the text blocks of a content array that holds no tool results. */
function promptText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const blocks = content.filter(isRec);
  if (blocks.some((b) => b['type'] === 'tool_result')) return null;
  const texts = blocks.filter((b) => b['type'] === 'text').map((b) => str(b['text']) ?? '');
  return texts.length > 0 ? texts.join('\n') : null;
}
