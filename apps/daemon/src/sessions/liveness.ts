import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';
import type { Services } from '../services';
import { pluginsOf } from './session-plugins';
import { handleOf, type SessionRow } from './session-row';
import { stopWatching } from './watch-session';

/**
 * Checks every running session's runtime: one batched query per runtime plugin, never one per session. A runtime
 * that is gone marks its session `runtime_lost` with the reason.
 */
export async function checkLiveness(
  s: Services,
  reason = 'the runtime session ended',
): Promise<{ alive: number; lost: number }> {
  const running = s.store.rows().filter((r) => r.status === 'running');
  // Grouped by runtime instance: projects with the same runtime settings share one query.
  const byRuntime = new Map<Runtime, { rows: SessionRow[]; handles: RuntimeHandle[] }>();
  for (const row of running) {
    const handle = handleOf(row);
    if (!handle) continue;
    let runtime: Runtime;
    try {
      runtime = pluginsOf(s, row).runtime;
    } catch (err) {
      s.logger.warn({ sessionId: row.id, err: (err as Error).message }, 'cannot check liveness');
      continue;
    }
    const group = byRuntime.get(runtime) ?? { rows: [], handles: [] };
    group.rows.push(row);
    group.handles.push(handle);
    byRuntime.set(runtime, group);
  }
  let alive = 0;
  let lost = 0;
  for (const [runtime, { rows, handles }] of byRuntime) {
    const states = await runtime.aliveMany(handles);
    for (const row of rows) {
      const handle = handleOf(row);
      if (handle && states.get(handle.id)) {
        alive++;
        continue;
      }
      // The query was asynchronous: the session may have been killed or restored meanwhile. Only a session still
      // running on the handle that was checked is lost (read and written with no await between: atomic here).
      const fresh = s.store.find(row.id);
      if (
        fresh?.status !== 'running' ||
        JSON.stringify(fresh.runtimeHandle) !== JSON.stringify(row.runtimeHandle)
      ) {
        continue;
      }
      lost++;
      stopWatching(s, row.id);
      s.store.update(row.id, {
        status: 'runtime_lost',
        statusReason: reason,
        activity: 'exited',
        evidence: { source: 'runtime', detail: reason, at: new Date().toISOString(), confidence: 'high' },
      });
    }
  }
  return { alive, lost };
}

/** Runs checkLiveness every `intervalMs` (not overlapping). Returns a stop function. */
export function startLivenessLoop(s: Services, intervalMs: number): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = async () => {
    try {
      await checkLiveness(s);
    } catch (err) {
      s.logger.error({ err: (err as Error).message }, 'liveness check failed');
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
