import type { Project } from '@ao/shared/api';
import type { AoEvent, Snapshot } from '@ao/shared/events';
import type { Escalation } from '@ao/shared/events-mcp';
import type { Evidence, Message, Session } from '@ao/shared/session';
import { mergeMessage, mergeMessages } from './messages';

/** One line of a session's activity timeline, built from the events the dashboard has seen. */
export interface TimelineEntry {
  id: number;
  at: string;
  kind: 'created' | 'status' | 'activity' | 'message' | 'reaction' | 'ci' | 'pr' | 'escalation';
  text: string;
  evidence: Evidence | null;
  tone: 'neutral' | 'good' | 'warn' | 'bad';
}

export interface BoardState {
  sessions: ReadonlyMap<string, Session>;
  projects: readonly Project[];
  lastEventId: number;
  timelines: ReadonlyMap<string, readonly TimelineEntry[]>;
  /** Messages to each session's agent and their states (from events, and the messages route when a page asks). */
  messages: ReadonlyMap<string, readonly Message[]>;
  /** The last restart that brought sessions back on their own, until the user dismisses it. */
  recovered: Recovered | null;
  /** Open escalations (decisions the orchestrator handed to the human), by id. */
  escalations: ReadonlyMap<number, Escalation>;
  /** When the last briefing was published (the briefing panel reloads on a change). */
  briefingAt: string | null;
  /** True once a snapshot has arrived. */
  loaded: boolean;
}

export interface Recovered {
  eventId: number;
  at: string;
  restored: readonly string[];
}

export const emptyBoard: BoardState = {
  sessions: new Map(),
  projects: [],
  lastEventId: 0,
  timelines: new Map(),
  messages: new Map(),
  recovered: null,
  escalations: new Map(),
  briefingAt: null,
  loaded: false,
};

const timelineCap = 300;

/**
 * A snapshot replaces the whole board (the first message, or after a gap too old to replay), so a session deleted
 * while we were away disappears. Timelines of sessions still present are kept.
 */
export function applySnapshot(state: BoardState, snap: Snapshot): BoardState {
  const sessions = new Map(snap.sessions.map((s) => [s.id, s] as const));
  const timelines = new Map([...state.timelines].filter(([id]) => sessions.has(id)));
  const messages = new Map([...state.messages].filter(([id]) => sessions.has(id)));
  const escalations = snap.escalations
    ? new Map(snap.escalations.map((e) => [e.id, e] as const))
    : state.escalations;
  return {
    ...state,
    sessions,
    escalations,
    projects: snap.projects,
    lastEventId: snap.lastEventId,
    timelines,
    messages,
    loaded: true,
  };
}

export interface ApplyResult {
  state: BoardState;
}

function sessionOf(e: AoEvent): Session | null {
  switch (e.type) {
    case 'session.created':
    case 'session.updated':
    case 'session.status_changed':
    case 'session.activity':
    case 'pr.updated':
    case 'session.conflicts':
      return e.data.session;
    default:
      return null;
  }
}

function entryOf(e: AoEvent): { sessionId: string; entry: TimelineEntry } | null {
  const base = { id: e.id, at: e.at, evidence: null, tone: 'neutral' as const };
  switch (e.type) {
    case 'session.created':
      return { sessionId: e.data.session.id, entry: { ...base, kind: 'created', text: 'Session created' } };
    case 'session.status_changed': {
      const why = e.data.reason ? `: ${e.data.reason}` : '';
      const tone = e.data.to === 'failed' || e.data.to === 'runtime_lost' ? 'bad' : 'neutral';
      const text = `Status ${e.data.from} → ${e.data.to}${why}`;
      return { sessionId: e.data.session.id, entry: { ...base, kind: 'status', text, tone } };
    }
    case 'session.activity': {
      const to = e.data.to;
      const tone = to === 'waiting_input' || to === 'blocked' ? 'warn' : to === 'exited' ? 'bad' : 'neutral';
      const text = `Activity ${e.data.from} → ${to}`;
      return {
        sessionId: e.data.session.id,
        entry: { ...base, kind: 'activity', text, tone, evidence: e.data.evidence },
      };
    }
    case 'session.message': {
      const m = e.data.message;
      const tone =
        m.state === 'failed' || m.state === 'dropped' ? 'bad' : m.state === 'delivered' ? 'good' : 'neutral';
      const detail = m.detail ? ` (${m.detail})` : '';
      const text = `${m.kind === 'prompt' ? 'First prompt' : 'Message'} ${m.state}: ${m.text}${detail}`;
      return { sessionId: e.data.sessionId, entry: { ...base, kind: 'message', text, tone } };
    }
    case 'ci.failed':
      return {
        sessionId: e.data.sessionId,
        entry: { ...base, kind: 'ci', text: `CI failed: ${e.data.checks.join(', ')}`, tone: 'bad' },
      };
    case 'checks.classified': {
      const d = e.data;
      const did = {
        rerun: 're-run once',
        notified: 'nobody woken, you were told',
        held: 'nobody woken',
        woke: 'agent woken',
      };
      const text = `Check ${d.check} at ${d.sha.slice(0, 7)}: ${d.class} (${d.reason}); ${did[d.action]}`;
      const tone = d.class === 'real' ? 'bad' : 'warn';
      return { sessionId: d.sessionId, entry: { ...base, kind: 'ci', text, tone } };
    }
    case 'reaction.fired': {
      const text = `Reaction ${e.data.reaction} (attempt ${e.data.attempt}): ${e.data.detail}`;
      return { sessionId: e.data.sessionId, entry: { ...base, kind: 'reaction', text } };
    }
    case 'reaction.escalated': {
      const text = `Escalated ${e.data.reaction}: ${e.data.detail}`;
      return { sessionId: e.data.sessionId, entry: { ...base, kind: 'reaction', text, tone: 'warn' } };
    }
    case 'escalation.created':
    case 'escalation.resolved':
    case 'escalation.failed': {
      const x = e.data.escalation;
      if (!x.sessionId) return null;
      const text =
        e.type === 'escalation.created'
          ? `Escalated to you: ${x.summary}`
          : e.type === 'escalation.failed'
            ? `Escalation #${x.id}: ${x.error ?? 'failed'}`
            : `Escalation #${x.id} ${x.resolution?.decision ?? 'resolved'}${x.resolution?.outcome ? `: ${x.resolution.outcome}` : ''}`;
      const tone =
        e.type === 'escalation.resolved' ? 'good' : e.type === 'escalation.failed' ? 'bad' : 'warn';
      return { sessionId: x.sessionId, entry: { ...base, kind: 'escalation', text, tone } };
    }
    default:
      return null;
  }
}

/** Timeline lines of an event: one session's, or every session a wake of the orchestrator was about (and its own). */
function entriesOf(e: AoEvent): Array<{ sessionId: string; entry: TimelineEntry }> {
  if (e.type === 'orchestrator.woken') {
    const base = { id: e.id, at: e.at, evidence: null, tone: 'neutral' as const };
    const text = `Orchestrator ${e.data.sessionId} woken (${e.data.triggers.join(', ')})`;
    const ids = [...new Set([e.data.sessionId, ...e.data.sessionIds])];
    return ids.map((sessionId) => ({ sessionId, entry: { ...base, kind: 'reaction' as const, text } }));
  }
  const one = entryOf(e);
  return one ? [one] : [];
}

function withProject(projects: readonly Project[], p: Project): Project[] {
  const i = projects.findIndex((x) => x.id === p.id);
  if (i < 0) return [...projects, p];
  return projects.map((x, j) => (j === i ? p : x));
}

/** Applies one live or replayed event. Events at or below the last seen id are ignored (replay overlap). */
export function applyEvent(state: BoardState, e: AoEvent): ApplyResult {
  if (e.id <= state.lastEventId) return { state };
  let { sessions, projects, timelines, messages, recovered, escalations, briefingAt } = state;
  const s = sessionOf(e);
  if (s) sessions = new Map(sessions).set(s.id, s);
  if (e.type === 'project.added' || e.type === 'project.updated')
    projects = withProject(projects, e.data.project);
  if (e.type === 'session.message') {
    const list = messages.get(e.data.sessionId) ?? [];
    const next = mergeMessage(list, e.data.message);
    if (next !== list) messages = new Map(messages).set(e.data.sessionId, next);
  }
  if (e.type === 'escalation.created' || e.type === 'escalation.failed' || e.type === 'escalation.resolved')
    escalations = withEscalation(escalations, e.data.escalation);
  if (e.type === 'briefing.published') briefingAt = e.data.publishedAt;
  if (e.type === 'daemon.recovered' && e.data.restored.length > 0) {
    recovered = { eventId: e.id, at: e.at, restored: e.data.restored };
  }
  for (const line of entriesOf(e)) {
    const prev = timelines.get(line.sessionId) ?? [];
    const next = [...prev, line.entry].slice(-timelineCap);
    timelines = new Map(timelines).set(line.sessionId, next);
  }
  return {
    state: {
      ...state,
      sessions,
      projects,
      timelines,
      messages,
      recovered,
      escalations,
      briefingAt,
      lastEventId: e.id,
    },
  };
}

/** An escalation's newest copy: kept while open, dropped once resolved. */
export function withEscalation(
  map: ReadonlyMap<number, Escalation>,
  x: Escalation,
): ReadonlyMap<number, Escalation> {
  if (x.resolution) {
    if (!map.has(x.id)) return map;
    const next = new Map(map);
    next.delete(x.id);
    return next;
  }
  return new Map(map).set(x.id, x);
}

/** Upserts a session answered by an action (spawn, kill, restore) unless a newer copy already arrived by SSE. */
export function upsertSession(state: BoardState, s: Session): BoardState {
  const cur = state.sessions.get(s.id);
  if (cur && Date.parse(cur.updatedAt) > Date.parse(s.updatedAt)) return state;
  return { ...state, sessions: new Map(state.sessions).set(s.id, s) };
}

/** Merges the rows the messages route answered for a session into what events brought. */
export function withMessages(state: BoardState, sessionId: string, rows: readonly Message[]): BoardState {
  const list = state.messages.get(sessionId) ?? [];
  const next = mergeMessages(list, rows);
  return next === list ? state : { ...state, messages: new Map(state.messages).set(sessionId, next) };
}
