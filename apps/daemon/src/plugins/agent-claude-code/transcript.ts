import type { ActivitySignal, AgentObservation } from '@ao/shared/plugin';
import { parseJsonObject } from '../agent-shared/jsonl-tailer';
import { costUsd, type PricingTable, priceFor } from '../agent-shared/pricing';
import { toolSummary } from './tool-summary';

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Prompts Claude Code writes as user lines that no human typed (slash-command echoes and their output). */
const SYNTHETIC_PROMPT =
  /^\s*<(command-name|command-message|local-command-stdout|local-command-stderr|bash-)/;

interface Totals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * Turns Claude Code transcript lines into observations. Usage is counted once per `message.id` (one API response
 * is written as several assistant lines with the same id and usage). Bookkeeping lines never count as activity.
 */
export class TranscriptParser {
  private readonly seen = new Set<string>();
  private readonly totals: Totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  private model: string | null = null;
  /** Texts queued mid-turn (already reported as user turns when enqueued). */
  private readonly queued: string[] = [];

  constructor(private readonly pricing: PricingTable = {}) {}

  /** One raw line in; zero or more observations out. Malformed lines yield nothing. */
  parseLine(line: string): AgentObservation[] {
    const rec = parseJsonObject(line);
    return rec ? this.parse(rec) : [];
  }

  parse(rec: Rec): AgentObservation[] {
    const at = str(rec['timestamp']) ?? new Date().toISOString();
    switch (rec['type']) {
      case 'assistant':
        return this.assistant(rec, at);
      case 'user':
        return this.user(rec, at);
      case 'queue-operation':
        return this.queueOperation(rec, at);
      case 'attachment':
        return this.attachment(rec, at);
      case 'system':
        return rec['subtype'] === 'turn_duration' ? [{ signal: sig('idle', 'turn finished', at) }] : [];
      case 'ai-title': {
        const title = str(rec['aiTitle']) ?? str(rec['title']);
        return title ? [{ title }] : [];
      }
      default:
        return []; // bookkeeping: mode, permission-mode, file-history-*, last-prompt, ...
    }
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

  private assistant(rec: Rec, at: string): AgentObservation[] {
    const msg = rec['message'];
    if (!isRec(msg)) return [];
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
    return [{ userTurn: { text, at }, signal: sig('working', 'user turn', at) }];
  }

  private queueOperation(rec: Rec, at: string): AgentObservation[] {
    const content = str(rec['content']);
    if (rec['operation'] !== 'enqueue' || content === undefined) return [];
    // Typed while the agent works: accepted now, handed to the model with the next tool result.
    this.queued.push(content);
    if (this.queued.length > 50) this.queued.shift();
    return [{ userTurn: { text: content, at } }];
  }

  private attachment(rec: Rec, at: string): AgentObservation[] {
    const att = rec['attachment'];
    if (!isRec(att) || att['type'] !== 'queued_command') return [];
    const prompt = str(att['prompt']);
    if (prompt === undefined) return [];
    const i = this.queued.indexOf(prompt);
    if (i !== -1) {
      this.queued.splice(i, 1);
      return [];
    }
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
