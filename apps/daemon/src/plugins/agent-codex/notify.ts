import type { AgentObservation } from '@ao/shared/plugin';

/**
 * Codex's `notify` program gets one JSON argument, e.g.
 * `{"type":"agent-turn-complete","thread-id":…,"turn-id":…,"cwd":…,"client":"codex-tui","input-messages":[…],
 * "last-assistant-message":…}`; the notify script posts it to ao unchanged.
 *
 * The TUI also runs a hidden title-generation thread for each first prompt, which fires its own
 * `agent-turn-complete` (another thread id) while the real turn may still run: those must not mark the session idle.
 */

const TITLE_PROMPT_PREFIX = 'Generate a concise, single-line task title';

export interface NotifyPayload {
  type: string;
  threadId: string | null;
  cwd: string | null;
  inputMessages: string[];
  lastAssistantMessage: string | null;
}

export function parseNotify(body: unknown): NotifyPayload | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  if (typeof b['type'] !== 'string') return null;
  const inputs = Array.isArray(b['input-messages']) ? b['input-messages'] : [];
  return {
    type: b['type'],
    threadId: typeof b['thread-id'] === 'string' ? b['thread-id'] : null,
    cwd: typeof b['cwd'] === 'string' ? b['cwd'] : null,
    inputMessages: inputs.filter((m): m is string => typeof m === 'string'),
    lastAssistantMessage:
      typeof b['last-assistant-message'] === 'string' ? b['last-assistant-message'] : null,
  };
}

export function isTitleThread(p: NotifyPayload): boolean {
  return p.inputMessages.length === 1 && (p.inputMessages[0] ?? '').startsWith(TITLE_PROMPT_PREFIX);
}

/**
 * The observation for a notify callback. `knownThread` is the session's thread id when the watcher already knows it
 * (then any other thread is ignored); otherwise title-generation threads are recognised by their prompt.
 */
export function notifyObservation(
  body: unknown,
  knownThread: (cwd: string) => string | null,
): AgentObservation | null {
  const p = parseNotify(body);
  if (p?.type !== 'agent-turn-complete') return null;
  const known = p.cwd ? knownThread(p.cwd) : null;
  if (known !== null ? p.threadId !== known : isTitleThread(p)) return null;
  const last = p.lastAssistantMessage;
  const detail = last
    ? `turn complete: ${last.length > 200 ? `${last.slice(0, 199)}…` : last}`
    : 'turn complete';
  return { signal: { activity: 'idle', source: 'notify', detail, confidence: 'high' } };
}
