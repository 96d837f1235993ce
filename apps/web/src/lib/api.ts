import type { CreateSessionBody, Delivery, KillBody } from '@ao/shared/api';
import type { MergeQueueReply } from '@ao/shared/api-merge-queue';
import type { EscalationDecision } from '@ao/shared/escalations';
import type { Escalation } from '@ao/shared/events-mcp';
import type { Lesson } from '@ao/shared/lessons';
import type { Question } from '@ao/shared/questions';
import type { Message, Session } from '@ao/shared/session';

/** An error answered by the daemon (`{error: {code, message, field?}}`) or a network failure (`code: 'network'`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Reads the daemon's error shape, falling back to the HTTP status text. */
export function toApiError(status: number, body: unknown, statusText = ''): ApiError {
  const err = isRecord(body) ? body['error'] : undefined;
  if (isRecord(err) && typeof err['code'] === 'string' && typeof err['message'] === 'string') {
    const field = typeof err['field'] === 'string' ? err['field'] : undefined;
    return new ApiError(status, err['code'], err['message'], field);
  }
  const text = statusText || `HTTP ${status}`;
  return new ApiError(status, status === 404 ? 'not_found' : 'http_error', `${text} (${status})`);
}

/** Same-origin JSON request to the daemon. Resolves with the parsed body (or null for 204). */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(
      0,
      'network',
      `The daemon is unreachable (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (e.g. a proxy's HTML error page): keep the status as the message below.
      parsed = null;
    }
  }
  if (!res.ok) throw toApiError(res.status, parsed, res.statusText);
  return parsed as T;
}

export interface Issue {
  number: number;
  /** The tracker's key (`ENG-42`, `PROJ-7`); absent for GitHub issues. */
  key?: string;
  title: string;
  url: string | null;
  labels: string[];
}

/** The latest briefing an orchestrator published for a project (`*`: the fleet). Untrusted text. */
export interface Briefing {
  project: string;
  text: string;
  publishedAt: string;
}

export const api = {
  lessons: () => request<{ lessons: Lesson[] }>('GET', '/api/lessons?all=1'),
  decideLesson: (id: number, verb: 'accept' | 'reject', text?: string) =>
    request<{ lesson: Lesson }>('POST', `/api/lessons/${id}/${verb}`, text === undefined ? {} : { text }),
  me: () => request<{ ok: true }>('GET', '/api/auth/me'),
  login: (token: string) => request<null>('POST', '/api/auth/login', { token }),
  logout: () => request<null>('POST', '/api/auth/logout'),
  spawn: (body: CreateSessionBody) => request<{ session: Session }>('POST', '/api/sessions', body),
  kill: (id: string, body: KillBody) =>
    request<{ session: Session }>('POST', `/api/sessions/${encodeURIComponent(id)}/kill`, body),
  restore: (id: string) =>
    request<{ session: Session }>('POST', `/api/sessions/${encodeURIComponent(id)}/restore`),
  send: (id: string, message: string) =>
    request<{ delivery: Delivery }>('POST', `/api/sessions/${encodeURIComponent(id)}/send`, { message }),
  messages: (id: string) =>
    request<{ messages: Message[] }>('GET', `/api/sessions/${encodeURIComponent(id)}/messages`),
  /** Opens the session in a terminal application on the daemon's machine (refused unless the browser is on it). */
  openTerminal: (id: string) =>
    request<{ terminal: string }>('POST', `/api/sessions/${encodeURIComponent(id)}/open-terminal`),
  merge: (id: string) => request<unknown>('POST', `/api/sessions/${encodeURIComponent(id)}/merge`),
  session: (id: string) => request<{ session: Session }>('GET', `/api/sessions/${encodeURIComponent(id)}`),
  resolveEscalation: (id: number, decision: EscalationDecision, text?: string) =>
    request<{ escalation: Escalation }>('POST', `/api/escalations/${id}/resolve`, {
      decision,
      ...(text ? { text } : {}),
    }),
  briefings: () => request<{ briefings: Briefing[] }>('GET', '/api/briefings'),
  /** Every project's merge queue: order, states, what merged last, why it is held. */
  mergeQueue: () => request<MergeQueueReply>('GET', '/api/merge-queue'),
  ask: (question: string, project: string) =>
    request<{ question: Question }>('POST', '/api/ask', { question, project }),
  /** The question and its answer, waiting up to `waitSec` on the daemon for the answer. */
  question: (id: number, waitSec: number) =>
    request<{ question: Question }>('GET', `/api/questions/${id}?waitSec=${waitSec}`),
  issues: async (project: string): Promise<Issue[] | null> => {
    try {
      const r = await request<{ issues: Issue[] }>(
        'GET',
        `/api/projects/${encodeURIComponent(project)}/issues`,
      );
      return r.issues;
    } catch (e) {
      // 404: the daemon has no issue route (or no tracker for this project): the picker is hidden.
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  },
};
