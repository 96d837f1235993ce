import type { DaemonProcess } from '../daemon-process';
import { mapLimit } from '../wait';

/** A session as GET /api/sessions lists it (the fields benchmarks read). */
export interface ListedSession {
  id: string;
  status: string;
  activity: string;
  branch: string;
  worktreePath: string;
  agentSessionId: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the rest is read loosely
  [key: string]: any;
}

/**
 * POSTs `count` sessions, `limit` in flight, with the prompts `prompt(i)` (default `<label> <i>`); the sessions and
 * their ids (in order) and the wall time. Throws if any is not running.
 */
export async function spawnMany(
  daemon: Pick<DaemonProcess, 'api'>,
  count: number,
  opts: { limit?: number; label?: string; project?: string; prompt?: (i: number) => string } = {},
): Promise<{ ids: string[]; sessions: ListedSession[]; ms: number }> {
  const prompt = opts.prompt ?? ((i: number) => `${opts.label ?? 'bench'} ${i}`);
  const t0 = performance.now();
  const sessions = await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    opts.limit ?? 5,
    async (i) =>
      (
        await daemon.api<{ session: ListedSession }>('POST', '/api/sessions', {
          prompt: prompt(i),
          ...(opts.project ? { project: opts.project } : {}),
        })
      ).body.session,
  );
  const notRunning = sessions.filter((s) => s.status !== 'running');
  if (notRunning.length)
    throw new Error(`not running after spawn: ${notRunning.map((s) => s.id).join(', ')}`);
  return { ids: sessions.map((s) => s.id), sessions, ms: performance.now() - t0 };
}

/** The sessions the daemon lists, and how many are in each status. */
export async function statusCounts(
  daemon: Pick<DaemonProcess, 'api'>,
): Promise<{ counts: Record<string, number>; sessions: ListedSession[] }> {
  const { body } = await daemon.api<{ sessions: ListedSession[] }>('GET', '/api/sessions');
  const counts: Record<string, number> = {};
  for (const s of body.sessions) counts[s.status] = (counts[s.status] ?? 0) + 1;
  return { counts, sessions: body.sessions };
}
