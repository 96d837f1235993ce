// Spawns many sessions through the API (a few at a time) and checks they all run.
import { mapLimit } from './wait.mjs';

/** POSTs `count` sessions, `limit` in flight; returns their ids and the wall time. Throws if any is not running. */
export async function spawnMany(daemon, count, { limit = 5, label = 'bench' } = {}) {
  const t0 = performance.now();
  const sessions = await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    limit,
    async (i) => (await daemon.api('POST', '/api/sessions', { prompt: `${label} ${i}` })).body.session,
  );
  const notRunning = sessions.filter((s) => s.status !== 'running');
  if (notRunning.length)
    throw new Error(`not running after spawn: ${notRunning.map((s) => s.id).join(', ')}`);
  return { ids: sessions.map((s) => s.id), ms: performance.now() - t0 };
}

/** The sessions the daemon lists, by status. */
export async function statusCounts(daemon) {
  const { body } = await daemon.api('GET', '/api/sessions');
  const counts = {};
  for (const s of body.sessions) counts[s.status] = (counts[s.status] ?? 0) + 1;
  return { counts, sessions: body.sessions };
}
