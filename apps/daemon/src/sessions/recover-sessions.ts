import { sessionIdSchema } from '@ao/shared/ids';
import type { Runtime } from '@ao/shared/plugin';
import { eachLimit } from '../util/map-limit';
import { applyObservation } from './apply-observation';
import type { SessionContext } from './context';
import { type RuntimeCheck, runtimeStates, stillCurrent } from './liveness';
import { onRuntimeExited, onRuntimeGone } from './runtime-exit';
import { pluginsOf } from './session-plugins';

const PROBE_CONCURRENCY = 32;

export interface Recovery {
  alive: number;
  lost: number;
  orphans: number;
  /** Sessions to bring back on their own (their runtime vanished while ao was down). */
  restore: string[];
}

/**
 * At boot, before the daemon answers anyone: match every runtime session to its record. Live ones have their activity
 * re-derived from the agent's durable state (a turn may have ended while ao was down) and are followed again; ones
 * whose program ended are `exited` with its exit code and last lines; ones whose runtime vanished are listed for
 * restore (when the project allows) or marked `runtime_lost`; sessions caught mid-spawn fail; strays are stopped.
 */
export async function recoverSessions(ctx: SessionContext): Promise<Recovery> {
  const runtimes = new Set<Runtime>();
  const known = new Set<string>();
  for (const row of ctx.store.rows()) {
    try {
      runtimes.add(pluginsOf(ctx, row).runtime);
    } catch (err) {
      ctx.logger.warn({ sessionId: row.id, err: (err as Error).message }, 'cannot recover session');
    }
    if (row.status === 'spawning') {
      ctx.store.update(row.id, {
        status: 'failed',
        statusReason: 'the daemon stopped while this session was starting; restore it to try again',
        activity: 'exited',
      });
    }
  }
  const result: Recovery = { alive: 0, lost: 0, orphans: 0, restore: [] };
  const checks = await runtimeStates(ctx);
  const restarted = await restartedRuntimes(checks);
  const live: RuntimeCheck[] = [];
  for (const check of checks) {
    known.add(check.handle.id);
    if (!stillCurrent(ctx, check)) continue;
    if (check.state.state === 'alive') {
      result.alive++;
      live.push(check);
    } else if (check.state.state === 'exited') {
      result.lost++;
      await onRuntimeExited(ctx, check.row.id, check.state);
    } else if (
      restarted.has(check.runtime) &&
      pluginsOf(ctx, check.row).project.config.sessions.restoreAfterRestart
    ) {
      result.restore.push(check.row.id);
      onRuntimeGone(
        ctx,
        check.row.id,
        'its runtime restarted while ao was down (a reboot?): bringing it back',
      );
    } else {
      result.lost++;
      onRuntimeGone(ctx, check.row.id, 'the runtime session was gone when the daemon started');
    }
  }
  // Probes wait mostly on I/O (files, the runtime's pane list): many at once, so hundreds take about as long as a few.
  await eachLimit(live, PROBE_CONCURRENCY, (check) => probe(ctx, check));
  result.orphans = await stopOrphans(ctx, runtimes, known);
  for (const row of ctx.store.rows()) if (row.status === 'running') ctx.watchers.start(row.id);
  return result;
}

/**
 * Runtimes that lost every session while ao was down (their server is new or gone: a reboot, a crash), as opposed to
 * one session someone ended: only these sessions are brought back on their own.
 */
async function restartedRuntimes(checks: readonly RuntimeCheck[]): Promise<Set<Runtime>> {
  const byRuntime = new Map<Runtime, RuntimeCheck[]>();
  for (const check of checks) byRuntime.set(check.runtime, [...(byRuntime.get(check.runtime) ?? []), check]);
  const restarted = new Set<Runtime>();
  for (const [runtime, group] of byRuntime) {
    if (group.every((c) => c.state.state === 'gone') && (await runtime.listOwned()).length === 0) {
      restarted.add(runtime);
    }
  }
  return restarted;
}

/** Re-derives a live session's activity from the agent's durable state (what its hooks may have missed). */
async function probe(ctx: SessionContext, check: RuntimeCheck): Promise<void> {
  const { agent } = pluginsOf(ctx, check.row);
  if (!agent.probe) return;
  try {
    const pid = await check.runtime.pid(check.handle).catch(() => null);
    const obs = await agent.probe(ctx.watchers.contextFor(check.row, check.handle, pid));
    if (obs) applyObservation(ctx, check.row.id, obs, { authoritative: true });
  } catch (err) {
    ctx.logger.warn({ sessionId: check.row.id, err: (err as Error).message }, 'probing the agent failed');
  }
}

/** A stray runtime session holding its own workspace (a pod's clone) is stopped only once its work is saved. */
async function savedBeforeStop(
  ctx: SessionContext,
  runtime: Runtime,
  id: string,
  cwd: string,
): Promise<boolean> {
  if (!runtime.saveWork) return true;
  try {
    const saved = await runtime.saveWork({ runtime: 'unknown', id }, cwd);
    if (saved.outcome === 'saved')
      ctx.logger.info({ runtimeId: id, ...saved }, "saved a stray session's work");
    return true;
  } catch (err) {
    ctx.logger.error(
      { runtimeId: id, err: (err as Error).message },
      'left a stray runtime session running: its unpushed work could not be saved (kill it with --force)',
    );
    return false;
  }
}

/** Runtime sessions on ao's own server that no running record accounts for are stopped. */
async function stopOrphans(ctx: SessionContext, runtimes: Set<Runtime>, known: Set<string>): Promise<number> {
  let orphans = 0;
  for (const runtime of runtimes) {
    for (const id of await runtime.listOwned()) {
      if (known.has(id)) continue;
      if (!sessionIdSchema.safeParse(id).success) continue; // not named by ao (its control session, a user's)
      const row = ctx.store.find(id);
      if (row && (row.status === 'runtime_lost' || row.status === 'exited')) continue; // a dead pane kept for its screen
      orphans++;
      ctx.logger.warn({ runtimeId: id }, 'stopping a runtime session no record accounts for');
      if (row && !(await savedBeforeStop(ctx, runtime, id, row.worktreePath))) continue;
      await runtime.kill({ runtime: 'unknown', id }).catch((err: Error) => {
        ctx.logger.error({ runtimeId: id, err: err.message }, 'cannot stop a stray runtime session');
      });
    }
  }
  return orphans;
}
