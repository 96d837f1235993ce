import type { ActivitySignal, AgentObservation } from '@ao/shared/plugin';
import { turnFailed } from './api-errors';
import { toolSummary } from './tool-summary';

type Body = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const signal = (
  activity: ActivitySignal['activity'],
  event: string,
  detail: string,
  at: string,
): ActivitySignal => ({
  activity,
  source: `hook:${event}`,
  detail,
  confidence: 'high',
  at,
});

const ASK = 'AskUserQuestion: ';
/** Events that say "working" (or "waiting") for their turn: stale once that turn's Stop came. */
const STALE_AFTER_STOP = new Set(['UserPromptSubmit', 'PreToolUse', 'PostToolUse']);

/** What an AskUserQuestion asks: its first question, or the tool's name. */
function askSummary(input: unknown): string {
  const questions = (input as { questions?: unknown } | null)?.questions;
  const first = Array.isArray(questions) ? (questions[0] as { question?: unknown } | undefined) : undefined;
  return typeof first?.question === 'string' ? `${ASK}${first.question}` : 'AskUserQuestion';
}

/** Per Claude session, bounded: the last tool it asked for, and the prompt id of its current turn. */
class BoundedMap extends Map<string, string> {
  override set(key: string, value: string): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > 1000) {
      const oldest = this.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    return this;
  }
}

/**
 * Maps Claude Code hook payloads to observations. Remembers the last tool each Claude session asked for, so a
 * permission notification can say what it is about, and the `prompt_id` of the turn under way: every hook of a turn
 * carries it, and 2.1.332 also fires UserPromptSubmit for a message typed while Claude is busy, with the id of the
 * running turn (it only queues that message; 2.1.197 fires nothing then). Such a prompt is `queued`, not a turn.
 */
export class HookMapper {
  private readonly lastTool = new BoundedMap();
  private readonly turnPrompt = new BoundedMap();
  /** Sessions whose last turn the API refused for good (blocked until the next prompt). */
  private readonly failed = new BoundedMap();
  /** The prompt id of each session's last turn that ended (Stop, StopFailure). */
  private readonly stopped = new BoundedMap();
  /** The text of each turn's prompt (`<session> <prompt id>`), until the turn ends. */
  private readonly prompts = new BoundedMap();

  map(body: unknown, now: () => string = () => new Date().toISOString()): AgentObservation | null {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
    const b = body as Body;
    const event = str(b['hook_event_name']);
    const sid = str(b['session_id']) ?? '';
    if (!event) return null;
    const at = now();
    const promptId = str(b['prompt_id']);
    // Hooks are sent in parallel (http ones especially) and may arrive after the Stop of their turn: a prompt or tool
    // hook of a turn that already ended says nothing new, and must not make the session look busy again.
    const stale = promptId !== undefined && sid !== '' && this.stopped.get(sid) === promptId;
    if (stale && event === 'UserPromptSubmit') return this.lateTurn(b, sid, at);
    if (stale && STALE_AFTER_STOP.has(event)) return null;
    if (event === 'UserPromptSubmit') return this.prompt(b, sid, promptId, at);
    // A turn that ran to its end took its prompt: delivered (whichever of the two hooks came first).
    const ended = event === 'Stop' || event === 'StopFailure';
    const took = ended && promptId ? this.prompts.get(`${sid} ${promptId}`) : undefined;
    if (took !== undefined) this.prompts.delete(`${sid} ${promptId}`);
    const obs = this.event(event, b, sid, at, stale);
    return obs && took !== undefined ? { userTurn: { text: took, at }, ...obs } : obs;
  }

  private event(event: string, b: Body, sid: string, at: string, stale: boolean): AgentObservation | null {
    const promptId = str(b['prompt_id']);
    if (promptId && sid && event !== 'SessionEnd') this.turnPrompt.set(sid, promptId);
    if (promptId && sid && (event === 'Stop' || event === 'StopFailure')) this.stopped.set(sid, promptId);
    switch (event) {
      case 'SessionStart':
        return {
          signal: signal('idle', event, `session ${str(b['source']) ?? 'started'}`, at),
          ...(sid ? { agentSessionId: sid } : {}),
          ...(str(b['model']) ? { model: str(b['model']) } : {}),
        };
      case 'PreToolUse':
      case 'PostToolUse': {
        const name = str(b['tool_name']);
        if (!name) return null;
        const summary =
          name === 'AskUserQuestion' ? askSummary(b['tool_input']) : toolSummary(name, b['tool_input']);
        this.remember(sid, summary);
        const verb = event === 'PreToolUse' ? 'running' : 'ran';
        return { signal: signal('working', event, `${verb} ${summary}`, at) };
      }
      case 'Stop':
        return { signal: signal('idle', event, 'turn finished', at) };
      case 'StopFailure': {
        const base = { source: `hook:${event}`, confidence: 'high' as const, at };
        const error = str(b['error']) ?? 'unknown';
        const failed = turnFailed(error, str(b['last_assistant_message']) ?? '', base);
        if (sid && failed.activity === 'blocked') this.failed.set(sid, failed.detail);
        return { signal: failed };
      }
      case 'Notification':
        return this.notification(b, sid, at, stale);
      case 'SessionEnd':
        this.lastTool.delete(sid);
        this.turnPrompt.delete(sid);
        this.failed.delete(sid);
        this.stopped.delete(sid);
        for (const key of this.prompts.keys()) if (key.startsWith(`${sid} `)) this.prompts.delete(key);
        return { signal: signal('exited', event, `session ended (${str(b['reason']) ?? 'unknown'})`, at) };
      default:
        return null;
    }
  }

  /**
   * A prompt went to Claude: it is working, but the turn is confirmed by the transcript's user line or the turn's
   * Stop, not here. The hook fires before the turn is recorded, and the turn may never be: another UserPromptSubmit
   * hook can block the prompt, and on 2.1.197 a queued message dequeued by an Escape fires it, then a second Escape
   * puts the text back into the prompt box unsent (no user line, no Stop).
   */
  private prompt(b: Body, sid: string, promptId: string | undefined, at: string): AgentObservation | null {
    const prompt = str(b['prompt']);
    if (prompt === undefined) return null;
    if (promptId && sid && this.turnPrompt.get(sid) === promptId) return { queued: { text: prompt, at } };
    if (promptId && sid) {
      this.turnPrompt.set(sid, promptId);
      this.prompts.set(`${sid} ${promptId}`, prompt);
    }
    this.failed.delete(sid);
    return { signal: signal('working', 'UserPromptSubmit', 'prompt submitted', at) };
  }

  /** The prompt hook of a turn whose Stop came first (a one-second turn): delivered, and already over. */
  private lateTurn(b: Body, sid: string, at: string): AgentObservation | null {
    const prompt = str(b['prompt']);
    if (prompt === undefined) return null;
    if (this.failed.has(sid)) return { userTurn: { text: prompt, at } };
    return {
      userTurn: { text: prompt, at },
      signal: signal('idle', 'UserPromptSubmit', 'turn finished', at),
    };
  }

  private notification(b: Body, sid: string, at: string, stale: boolean): AgentObservation | null {
    const type = str(b['notification_type']);
    const message = str(b['message']) ?? '';
    // A permission notification comes ~6 s after its dialog: after the turn's Stop it is about a dialog long gone.
    if (type === 'permission_prompt' && !stale) {
      const tool = this.lastTool.get(sid);
      // 2.1.197 notifies an AskUserQuestion as a permission prompt: it is a question only a person answers.
      if (tool?.startsWith(ASK))
        return { signal: signal('blocked', 'Notification', `Claude asks: ${tool.slice(ASK.length)}`, at) };
      const detail = tool ? `${message || 'permission prompt'}: ${tool}` : message || 'permission prompt';
      return { signal: signal('waiting_input', 'Notification', detail, at) };
    }
    // idle_prompt comes ~60 s after Stop: it must never turn an idle session into "waiting", nor hide a refused turn.
    if (type === 'permission_prompt') return null;
    if (type === 'idle_prompt' && !this.failed.has(sid))
      return { signal: signal('idle', 'Notification', message || 'waiting for input', at) };
    // Other notifications (e.g. auth or elicitation) carry no activity we can be sure of.
    return null;
  }

  private remember(sid: string, summary: string): void {
    if (sid) this.lastTool.set(sid, summary);
  }
}
