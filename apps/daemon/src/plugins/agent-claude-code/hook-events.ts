import type { ActivitySignal, AgentObservation } from '@ao/shared/plugin';
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

/**
 * Maps Claude Code hook payloads to observations. Remembers the last tool each Claude session asked for, so a
 * permission notification can say what it is about (bounded; forgotten at SessionEnd).
 */
export class HookMapper {
  private readonly lastTool = new Map<string, string>();

  map(body: unknown, now: () => string = () => new Date().toISOString()): AgentObservation | null {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
    const b = body as Body;
    const event = str(b['hook_event_name']);
    const sid = str(b['session_id']) ?? '';
    if (!event) return null;
    const at = now();
    switch (event) {
      case 'SessionStart':
        return {
          signal: signal('idle', event, `session ${str(b['source']) ?? 'started'}`, at),
          ...(sid ? { agentSessionId: sid } : {}),
          ...(str(b['model']) ? { model: str(b['model']) } : {}),
        };
      case 'UserPromptSubmit': {
        const prompt = str(b['prompt']);
        if (prompt === undefined) return null;
        return { signal: signal('working', event, 'prompt submitted', at), userTurn: { text: prompt, at } };
      }
      case 'PreToolUse':
      case 'PostToolUse': {
        const name = str(b['tool_name']);
        if (!name) return null;
        const summary = toolSummary(name, b['tool_input']);
        this.remember(sid, summary);
        const verb = event === 'PreToolUse' ? 'running' : 'ran';
        return { signal: signal('working', event, `${verb} ${summary}`, at) };
      }
      case 'Stop':
        return { signal: signal('idle', event, 'turn finished', at) };
      case 'Notification':
        return this.notification(b, sid, at);
      case 'SessionEnd':
        this.lastTool.delete(sid);
        return { signal: signal('exited', event, `session ended (${str(b['reason']) ?? 'unknown'})`, at) };
      default:
        return null;
    }
  }

  private notification(b: Body, sid: string, at: string): AgentObservation | null {
    const type = str(b['notification_type']);
    const message = str(b['message']) ?? '';
    if (type === 'permission_prompt') {
      const tool = this.lastTool.get(sid);
      const detail = tool ? `${message || 'permission prompt'}: ${tool}` : message || 'permission prompt';
      return { signal: signal('waiting_input', 'Notification', detail, at) };
    }
    // idle_prompt comes ~60 s after Stop: it must never turn an idle session into "waiting".
    if (type === 'idle_prompt')
      return { signal: signal('idle', 'Notification', message || 'waiting for input', at) };
    // Other notifications (e.g. auth or elicitation) carry no activity we can be sure of.
    return null;
  }

  private remember(sid: string, summary: string): void {
    if (!sid) return;
    this.lastTool.delete(sid);
    this.lastTool.set(sid, summary);
    if (this.lastTool.size > 1000) {
      const oldest = this.lastTool.keys().next().value;
      if (oldest !== undefined) this.lastTool.delete(oldest);
    }
  }
}
