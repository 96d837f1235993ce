import type { ActivitySignal, AgentObservation } from '@ao/shared/plugin';

/**
 * Maps the lines of a Codex rollout file (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`) to observations.
 * Lines are `{timestamp, type, payload}`; `type` is `session_meta`, `turn_context`, `event_msg`, `response_item`, ...
 */

export interface RolloutState {
  /** The thread (agent session) id from `session_meta`. */
  threadId: string | null;
  cwd: string | null;
  model: string | null;
  /** A turn has started and not completed (or been aborted). */
  turnOpen: boolean;
  /** Epoch ms of the open (or last) turn's `task_started` line. */
  turnStartedAt: number | null;
  /** How the last closed turn ended: idle (complete, aborted) or blocked (failed with an error). */
  lastEnd: { activity: 'idle' | 'blocked'; detail: string } | null;
  /** Time (ms) of the last line that belonged to an open turn. */
  lastLineAt: number;
  /** The last activity reported (by this parser, or by the watcher's screen check). */
  lastActivity: ActivitySignal['activity'] | null;
}

export interface RolloutParser {
  readonly state: RolloutState;
  /** Observations for one parsed line (often none). */
  onLine(line: Record<string, unknown>): AgentObservation[];
}

const SOURCE = 'rollout';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const obj = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

function signal(activity: ActivitySignal['activity'], detail: string, at: string | null): AgentObservation {
  return { signal: { activity, source: SOURCE, detail, confidence: 'high', ...(at ? { at } : {}) } };
}

/** Text of a user message item (`item_completed` with a `UserMessage`, or the older `user_message` event). */
function userText(payload: Record<string, unknown>): string | null {
  if (payload['type'] === 'user_message') return str(payload['message']);
  const item = obj(payload['item']);
  if (payload['type'] !== 'item_completed' || item?.['type'] !== 'UserMessage') return null;
  const content = Array.isArray(item['content']) ? item['content'] : [];
  const parts = content.map((c) => str(obj(c)?.['text'])).filter((t): t is string => t !== null);
  return parts.join('\n');
}

const short = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `from`: the state saved after the lines already read, to go on from there. */
export function createRolloutParser(
  now: () => number = Date.now,
  from: Partial<RolloutState> = {},
): RolloutParser {
  const state: RolloutState = {
    threadId: null,
    cwd: null,
    model: null,
    turnOpen: false,
    turnStartedAt: null,
    lastEnd: null,
    lastLineAt: 0,
    lastActivity: null,
    ...from,
  };

  const closeTurn = (activity: 'idle' | 'blocked', detail: string, at: string | null): AgentObservation => {
    state.turnOpen = false;
    state.lastEnd = { activity, detail };
    return signal(activity, detail, at);
  };

  const onEvent = (payload: Record<string, unknown>, at: string | null): AgentObservation[] => {
    const type = str(payload['type']) ?? '';
    if (type === 'task_started' || type === 'turn_started') {
      state.turnOpen = true;
      const t = at ? Date.parse(at) : Number.NaN;
      state.turnStartedAt = Number.isNaN(t) ? now() : t;
      return [signal('working', 'turn started', at)];
    }
    if (type === 'task_complete' || type === 'turn_complete') {
      const error = str(obj(payload['error'])?.['message']);
      const last = str(payload['last_agent_message']);
      return [
        closeTurn(
          error ? 'blocked' : 'idle',
          error ? `turn failed: ${short(error)}` : last ? `turn complete: ${short(last)}` : 'turn complete',
          at,
        ),
      ];
    }
    if (type === 'turn_aborted') {
      return [closeTurn('idle', `turn aborted: ${str(payload['reason']) ?? 'interrupted'}`, at)];
    }
    if (type.endsWith('approval_request')) {
      const cmd = payload['command'];
      const what = Array.isArray(cmd) ? cmd.join(' ') : (str(payload['reason']) ?? type);
      return [signal('waiting_input', `approval requested: ${short(what)}`, at)];
    }
    if (type === 'token_count') {
      const total = obj(obj(payload['info'])?.['total_token_usage']);
      if (!total) return [];
      return [
        {
          usage: {
            model: state.model,
            tokensIn: num(total['input_tokens']),
            tokensOut: num(total['output_tokens']),
          },
        },
      ];
    }
    if (type === 'thread_name_updated') {
      const name = str(payload['thread_name']);
      return name ? [{ title: name }] : [];
    }
    const text = userText(payload);
    if (text !== null) return [{ userTurn: { text, at: at ?? new Date(now()).toISOString() } }];
    return [];
  };

  const onLine = (line: Record<string, unknown>): AgentObservation[] => {
    const out = dispatch(line);
    const sig = out.find((o) => o.signal)?.signal;
    if (sig) {
      state.lastActivity = sig.activity;
    } else if (state.turnOpen && isStalled(state.lastActivity) && isTurnProgress(line)) {
      // Lines after an approval prompt (or a network outage) mean the user answered and the turn goes on.
      const resumed = signal('working', 'turn resumed', str(line['timestamp']));
      state.lastActivity = 'working';
      out.push(resumed);
    }
    return out;
  };

  const dispatch = (line: Record<string, unknown>): AgentObservation[] => {
    const payload = obj(line['payload']);
    if (!payload) return [];
    const at = str(line['timestamp']);
    if (state.turnOpen) state.lastLineAt = now();
    switch (line['type']) {
      case 'session_meta': {
        state.threadId = str(payload['id']) ?? str(payload['session_id']);
        state.cwd = str(payload['cwd']);
        return state.threadId ? [{ agentSessionId: state.threadId }] : [];
      }
      case 'turn_context': {
        const model = str(payload['model']);
        if (!model || model === state.model) return [];
        state.model = model;
        return [{ model }];
      }
      case 'event_msg': {
        const out = onEvent(payload, at);
        if (state.turnOpen) state.lastLineAt = now();
        return out;
      }
      default:
        return [];
    }
  };

  return { state, onLine };
}

const isStalled = (a: RolloutState['lastActivity']): boolean => a === 'waiting_input' || a === 'blocked';

function isTurnProgress(line: Record<string, unknown>): boolean {
  return line['type'] === 'response_item' || line['type'] === 'event_msg';
}
