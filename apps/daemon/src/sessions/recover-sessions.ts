import { sessionIdSchema } from '@ao/shared/ids';
import type { Runtime } from '@ao/shared/plugin';
import type { Services } from '../services';
import { checkLiveness } from './liveness';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';
import { startWatching } from './watch-session';

/**
 * At boot: match every runtime session to its record. Live ones are followed again; ones whose runtime vanished are
 * marked `runtime_lost` with the reason; sessions caught mid-spawn are marked failed; runtime sessions on ao's own
 * server that no record accounts for are stopped. Nothing is duplicated.
 */
export async function recoverSessions(
  s: Services,
): Promise<{ alive: number; lost: number; orphans: number }> {
  const rows = s.store.rows();
  const runtimes = new Set<Runtime>();
  const known = new Set<string>();
  for (const row of rows) {
    try {
      runtimes.add(pluginsOf(s, row).runtime);
    } catch (err) {
      s.logger.warn({ sessionId: row.id, err: (err as Error).message }, 'cannot recover session');
    }
    if (row.status === 'spawning') {
      s.store.update(row.id, {
        status: 'failed',
        statusReason: 'the daemon stopped while this session was starting; restore it to try again',
        activity: 'exited',
      });
    }
    const handle = handleOf(s.store.row(row.id));
    if (handle && s.store.row(row.id).status === 'running') known.add(handle.id);
  }
  const { alive, lost } = await checkLiveness(s, 'the runtime session was gone when the daemon started');
  let orphans = 0;
  for (const runtime of runtimes) {
    for (const id of await runtime.listOwned()) {
      if (known.has(id)) continue;
      const row = s.store.find(id);
      if (row && row.status === 'runtime_lost') continue; // a dead pane kept for its last screen
      if (!sessionIdSchema.safeParse(id).success) {
        s.logger.warn({ runtimeId: id }, "a runtime session on ao's server that ao did not name; left alone");
        continue;
      }
      orphans++;
      s.logger.warn({ runtimeId: id }, 'stopping a runtime session no record accounts for');
      await runtime.kill({ runtime: 'unknown', id }).catch((err: Error) => {
        s.logger.error({ runtimeId: id, err: err.message }, 'cannot stop a stray runtime session');
      });
    }
  }
  for (const row of s.store.rows()) if (row.status === 'running') startWatching(s, row.id);
  s.bus.emit('daemon.recovered', { alive, lost, orphans });
  return { alive, lost, orphans };
}
