import { sessionIdSchema } from '@ao/shared/ids';
import { MAX_INPUT_CHARS } from './chat-text';

/** A chat command, parsed and validated (ids checked, text bounded). */
export type ChatCommand =
  | { verb: 'help' | 'status' | 'sessions' | 'escalations' | 'yes' | 'no' }
  | { verb: 'accept' | 'reject'; escalation: number }
  | { verb: 'answer'; escalation: number; text: string }
  | { verb: 'show' | 'merge' | 'kill'; id: string }
  | { verb: 'tell'; id: string; text: string };

export type Parsed =
  | { kind: 'command'; command: ChatCommand }
  /** Looks like a command but is wrong: the message says how to write it. */
  | { kind: 'invalid'; message: string }
  /** Not a command: a question for the orchestrator. */
  | { kind: 'free'; text: string };

const WITH_ID = new Set(['show', 'merge', 'kill', 'tell']);
const BARE = new Set(['help', 'status', 'sessions', 'escalations', 'yes', 'no']);
const ON_ESCALATION = new Set(['accept', 'reject', 'answer']);

/** `accept 4`, `reject #4`, `answer 4 <text>`: a decision on an open escalation. */
function parseDecision(verb: string, rest: string): Parsed {
  const [first = '', ...words] = rest.split(/\s+/);
  const usage = verb === 'answer' ? 'answer <escalation number> <text>' : `${verb} <escalation number>`;
  const n = /^#?(\d{1,9})$/.exec(first);
  if (!n) return { kind: 'invalid', message: `Usage: ${usage} (the number from \`escalations\`).` };
  const escalation = Number(n[1]);
  const text = rest.slice(first.length).trim();
  if (verb === 'answer') {
    if (!text) return { kind: 'invalid', message: `Usage: ${usage}` };
    return { kind: 'command', command: { verb, escalation, text } };
  }
  if (words.length > 0) return { kind: 'invalid', message: `Usage: ${usage}` };
  return { kind: 'command', command: { verb: verb as 'accept' | 'reject', escalation } };
}

/**
 * Reads a chat message as a command. A leading bot mention (`<@U123>` in Slack) or slash (`/status`,
 * `/status@ao_bot` in Telegram) is dropped; verbs are case-insensitive; `tell <id> <text>` keeps the text as typed.
 */
export function parseCommand(raw: string): Parsed {
  if (raw.length > MAX_INPUT_CHARS)
    return { kind: 'invalid', message: `Message too long (over ${MAX_INPUT_CHARS} characters).` };
  const text = raw.replace(/^\s*<@[A-Z0-9]+>\s*/, '').trim();
  const match = /^\/?([A-Za-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text);
  const verb = match?.[1]?.toLowerCase() ?? '';
  const rest = (match?.[2] ?? '').trim();
  if (BARE.has(verb) && rest === '') return { kind: 'command', command: { verb } as ChatCommand };
  if (ON_ESCALATION.has(verb) && rest !== '') return parseDecision(verb, rest);
  if (!WITH_ID.has(verb)) return { kind: 'free', text };
  const [id = '', ...words] = rest.split(/\s+/);
  const body = rest.slice(id.length).trim();
  const usage = verb === 'tell' ? 'tell <session id> <message>' : `${verb} <session id>`;
  if (!sessionIdSchema.safeParse(id).success)
    return { kind: 'invalid', message: `Usage: ${usage} (a session id looks like demo-3).` };
  if (verb === 'tell') {
    if (!body) return { kind: 'invalid', message: `Usage: ${usage}` };
    return { kind: 'command', command: { verb, id, text: body } };
  }
  if (words.length > 0) return { kind: 'invalid', message: `Usage: ${usage}` };
  return { kind: 'command', command: { verb: verb as 'show' | 'merge' | 'kill', id } };
}

/** The commands, for `help`. */
export const HELP_TEXT = [
  'Commands:',
  'status: the fleet in numbers, and who needs you',
  'sessions: live sessions, one line each',
  'show <id>: one session in detail',
  'tell <id> <message>: send the session’s agent a message (asks to confirm)',
  'merge <id>: merge its pull request (asks to confirm)',
  'kill <id>: stop the session (asks to confirm)',
  'escalations: the decisions waiting for you, numbered',
  'accept <n> / reject <n> / answer <n> <text>: settle escalation n (asks to confirm)',
  'yes / no: confirm or cancel what you asked',
  'Anything else goes to the orchestrator, when one runs.',
].join('\n');
