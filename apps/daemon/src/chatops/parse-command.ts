import { sessionIdSchema } from '@ao/shared/ids';
import { MAX_INPUT_CHARS } from './chat-text';

/** A chat command, parsed and validated (ids checked, text bounded). */
export type ChatCommand =
  | { verb: 'help' | 'status' | 'sessions' | 'yes' | 'no' }
  | { verb: 'show' | 'merge' | 'kill'; id: string }
  | { verb: 'tell'; id: string; text: string };

export type Parsed =
  | { kind: 'command'; command: ChatCommand }
  /** Looks like a command but is wrong: the message says how to write it. */
  | { kind: 'invalid'; message: string }
  /** Not a command: a question for the orchestrator. */
  | { kind: 'free'; text: string };

const WITH_ID = new Set(['show', 'merge', 'kill', 'tell']);
const BARE = new Set(['help', 'status', 'sessions', 'yes', 'no']);

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
  'yes / no: confirm or cancel what you asked',
  'Anything else goes to the orchestrator, when one runs.',
].join('\n');
