import type { Runtime, RuntimeHandle, RuntimeState } from '@ao/shared/plugin';
import type { SessionContext } from './context';
import { pluginsOf } from './session-plugins';
import { handleOf, type SessionRow } from './session-row';

export interface RuntimeCheck {
  row: SessionRow;
  runtime: Runtime;
  handle: RuntimeHandle;
  state: RuntimeState;
}

/**
 * Where every running session's runtime stands: one batched query per runtime instance (never one per session).
 * `only` limits the check to one runtime (after it asked for a resync).
 */
export async function runtimeStates(ctx: SessionContext, only?: Runtime): Promise<RuntimeCheck[]> {
  const groups = new Map<Runtime, Array<{ row: SessionRow; handle: RuntimeHandle }>>();
  for (const row of ctx.store.rows()) {
    const handle = handleOf(row);
    if (row.status !== 'running' || !handle) continue;
    let runtime: Runtime;
    try {
      runtime = pluginsOf(ctx, row).runtime;
    } catch (err) {
      ctx.logger.warn({ sessionId: row.id, err: (err as Error).message }, 'cannot check liveness');
      continue;
    }
    if (only && runtime !== only) continue;
    const group = groups.get(runtime) ?? [];
    group.push({ row, handle });
    groups.set(runtime, group);
  }
  const checks: RuntimeCheck[] = [];
  for (const [runtime, group] of groups) {
    const states = await runtime.stateMany(group.map((g) => g.handle));
    for (const { row, handle } of group) {
      checks.push({ row, runtime, handle, state: states.get(handle.id) ?? { state: 'gone' } });
    }
  }
  return checks;
}

/**
 * A check is still about the session as it is now: the query was asynchronous, and the session may have been
 * killed or restored meanwhile (read with no await between: atomic here).
 */
export function stillCurrent(ctx: SessionContext, check: RuntimeCheck): boolean {
  const fresh = ctx.store.find(check.row.id);
  return (
    fresh?.status === 'running' &&
    !ctx.stopping.has(check.row.id) &&
    JSON.stringify(fresh.runtimeHandle) === JSON.stringify(check.row.runtimeHandle)
  );
}
