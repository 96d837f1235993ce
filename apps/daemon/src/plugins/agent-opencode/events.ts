import type { ActivitySignal, AgentObservation } from '@ao/shared/plugin';

/**
 * Maps opencode server events (`GET /event`: `{id, type, properties}`, types from `@opencode-ai/sdk`) of ONE
 * session tree to observations. The session is the first root session seen (no `parentID`), or the one resumed;
 * its subagent sessions (children) count for permission prompts.
 */

export interface OpencodeEventState {
  rootId: string | null;
  children: Set<string>;
  userMessages: Set<string>;
  reportedUserMessages: Set<string>;
  title: string | null;
  usageKey: string | null;
}

export function createEventState(rootId: string | null): OpencodeEventState {
  return {
    rootId,
    children: new Set(),
    userMessages: new Set(),
    reportedUserMessages: new Set(),
    title: null,
    usageKey: null,
  };
}

type Obj = Record<string, unknown>;
const SOURCE = 'opencode:event';
const obj = (v: unknown): Obj | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** Retries up to this attempt are ordinary; beyond, the session counts as blocked (the API keeps failing). */
const RETRY_BLOCKED_AFTER = 3;

function signal(activity: ActivitySignal['activity'], detail: string): AgentObservation {
  return { signal: { activity, source: SOURCE, detail, confidence: 'high' } };
}

function onSessionInfo(state: OpencodeEventState, info: Obj): AgentObservation[] {
  const id = str(info['id']);
  if (!id) return [];
  const parent = str(info['parentID']);
  const out: AgentObservation[] = [];
  if (parent) {
    if (parent === state.rootId || state.children.has(parent)) state.children.add(id);
    return out;
  }
  if (state.rootId === null) {
    state.rootId = id;
    out.push({ agentSessionId: id });
  }
  if (id !== state.rootId) return out;
  const title = str(info['title']);
  if (title && title !== state.title && !title.startsWith('New session - ')) {
    state.title = title;
    out.push({ title });
  }
  const tokens = obj(info['tokens']);
  if (tokens) {
    const model = str(obj(info['model'])?.['id']);
    const usage = { model, tokensIn: num(tokens['input']), tokensOut: num(tokens['output']) };
    const key = JSON.stringify(usage);
    if (key !== state.usageKey && (usage.tokensIn > 0 || usage.tokensOut > 0)) {
      state.usageKey = key;
      out.push({ usage });
    }
  }
  return out;
}

/** What a `SessionStatus` (idle | busy | retry, from the event stream or `GET /session/status`) says; null if unknown. */
export function statusActivity(
  status: unknown,
): { activity: ActivitySignal['activity']; detail: string } | null {
  const st = obj(status);
  switch (st?.['type']) {
    case 'busy':
      return { activity: 'working', detail: 'session busy' };
    case 'idle':
      return { activity: 'idle', detail: 'session idle' };
    case 'retry': {
      const attempt = num(st['attempt']);
      const detail = `API retry ${attempt}: ${str(st['message']) ?? 'unknown error'}`;
      return { activity: attempt > RETRY_BLOCKED_AFTER ? 'blocked' : 'working', detail };
    }
    default:
      return null;
  }
}

function onStatus(status: Obj): AgentObservation[] {
  const said = statusActivity(status);
  return said ? [signal(said.activity, said.detail)] : [];
}

function onUserText(state: OpencodeEventState, part: Obj, at: number): AgentObservation[] {
  const messageId = str(part['messageID']);
  const text = str(part['text']);
  if (part['type'] !== 'text' || !messageId || text === null || part['synthetic'] === true) return [];
  if (!state.userMessages.has(messageId) || state.reportedUserMessages.has(messageId)) return [];
  state.reportedUserMessages.add(messageId);
  return [{ userTurn: { text, at: new Date(at || Date.now()).toISOString() } }];
}

export function mapOpencodeEvent(state: OpencodeEventState, event: unknown): AgentObservation[] {
  const ev = obj(event);
  const props = obj(ev?.['properties']);
  const type = str(ev?.['type']);
  if (!ev || !props || !type) return [];
  if (type === 'session.created' || type === 'session.updated') {
    const info = obj(props['info']);
    return info ? onSessionInfo(state, info) : [];
  }
  const sid = str(props['sessionID']);
  const isRoot = sid !== null && sid === state.rootId;
  const inTree = isRoot || (sid !== null && state.children.has(sid));
  switch (type) {
    case 'session.status':
      return isRoot ? onStatus(obj(props['status']) ?? {}) : [];
    case 'session.idle':
      return isRoot ? [signal('idle', 'session idle')] : [];
    case 'permission.asked':
    case 'permission.updated': {
      if (!inTree) return [];
      const what = str(props['permission']) ?? str(props['type']) ?? str(props['title']) ?? 'permission';
      const patterns = Array.isArray(props['patterns'])
        ? props['patterns'].filter((p) => typeof p === 'string')
        : [];
      return [
        signal('waiting_input', `permission: ${what}${patterns.length ? ` ${patterns.join(' ')}` : ''}`),
      ];
    }
    case 'question.asked':
      return inTree ? [signal('waiting_input', 'question asked')] : [];
    case 'permission.replied':
    case 'question.replied':
    case 'question.rejected':
      return inTree ? [signal('working', `${type.split('.')[0]} answered`)] : [];
    case 'message.updated': {
      const info = obj(props['info']);
      const id = str(info?.['id']);
      if (isRoot && id && info?.['role'] === 'user') state.userMessages.add(id);
      return [];
    }
    case 'message.part.updated':
      return isRoot ? onUserText(state, obj(props['part']) ?? {}, num(props['time'])) : [];
    default:
      return [];
  }
}
