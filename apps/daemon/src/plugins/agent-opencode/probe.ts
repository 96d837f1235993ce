import type { ActivitySignal, AgentObservation, AgentWatchContext } from '@ao/shared/plugin';
import { statusActivity } from './events';
import { basicAuth, type OpencodeServerInfo, readServerInfo } from './server-info';

const SOURCE = 'opencode:server';
const TIMEOUT_MS = 3000;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;

async function getJson(info: OpencodeServerInfo, path: string): Promise<unknown> {
  const res = await fetch(`${info.url}${path}`, {
    headers: { authorization: basicAuth(info), accept: 'application/json' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return res.json();
}

/** The session ao launched: the one the watcher saw, else the server's only root session. */
async function rootSession(info: OpencodeServerInfo, known: string | null): Promise<string | null> {
  if (known) return known;
  const list = await getJson(info, '/session');
  const roots = (Array.isArray(list) ? list : []).map(obj).filter((s) => s && !s['parentID']);
  const id = roots.length === 1 ? roots[0]?.['id'] : null;
  return typeof id === 'string' ? id : null;
}

/** Pending permission requests or questions of that session (both list every session's). */
async function pendingAsk(info: OpencodeServerInfo, sessionId: string): Promise<string | null> {
  for (const [path, what] of [
    ['/permission', 'permission'],
    ['/question', 'question asked'],
  ] as const) {
    const list = await getJson(info, path).catch(() => []); // an older server without the route asks nothing
    const ask = (Array.isArray(list) ? list : []).map(obj).find((p) => p?.['sessionID'] === sessionId);
    if (ask) {
      const name = typeof ask['permission'] === 'string' ? `: ${ask['permission']}` : '';
      return `${what}${path === '/permission' ? name : ''}`;
    }
  }
  return null;
}

/**
 * What OpenCode does now, asked of the session's own server (`GET /session/status`: a session absent from the map is
 * idle; `/permission` and `/question`: what it waits on). Null when the server is not there (not started yet, or
 * gone with the agent): the runtime tells that part.
 */
export async function probeOpencode(ctx: AgentWatchContext): Promise<AgentObservation | null> {
  const info = await readServerInfo(ctx.sessionDir).catch(() => null);
  if (!info) return null;
  try {
    const id = await rootSession(info, ctx.agentSessionId);
    if (!id) return null;
    const at = new Date().toISOString();
    const signal = (activity: ActivitySignal['activity'], detail: string) => ({
      agentSessionId: id,
      signal: { activity, source: SOURCE, detail, confidence: 'high' as const, at },
    });
    const ask = await pendingAsk(info, id);
    if (ask) return signal('waiting_input', ask);
    // A session the map leaves out is idle (the server keeps only the busy and retrying ones).
    const said = statusActivity(obj(await getJson(info, '/session/status'))?.[id] ?? { type: 'idle' });
    return said ? signal(said.activity, said.detail) : null;
  } catch (err) {
    ctx.logger.debug({ err, sessionId: ctx.sessionId }, 'opencode server did not answer the probe');
    return null;
  }
}
