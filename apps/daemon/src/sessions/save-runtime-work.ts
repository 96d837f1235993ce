import { AoError } from '@ao/shared/errors';
import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';
import type { SessionContext } from './context';
import type { SessionRow } from './session-row';

/**
 * Before a runtime whose workspace lives in it (a pod's clone) is stopped: saves the agent's unpushed work to a rescue
 * ref (see `Runtime.saveWork`). Returns a line for the session's record, or null when there was nothing to say. When
 * the work could not be saved the kill is refused (409, nothing changed) unless `force`; forced, it says so.
 */
export async function saveRuntimeWork(
  ctx: SessionContext,
  row: SessionRow,
  runtime: Runtime,
  handle: RuntimeHandle | null,
  force: boolean,
): Promise<string | null> {
  if (!handle || !runtime.saveWork) return null;
  try {
    const saved = await runtime.saveWork(handle, row.worktreePath);
    if (saved.outcome === 'saved' || saved.outcome === 'unreachable') {
      ctx.logger.info({ sessionId: row.id, ...saved }, 'session work before kill');
      return saved.detail;
    }
    return null;
  } catch (err) {
    const why = (err as Error).message;
    if (!force) {
      throw new AoError(
        'unsafe_worktree',
        `session ${row.id}: its workspace lives in its runtime and may hold unpushed work that could not be saved ` +
          `(${why}); push it from the session, or use --force to kill it anyway and lose that work`,
      );
    }
    ctx.logger.warn(
      { sessionId: row.id, err: why },
      'killed with --force: the work in the runtime was not saved',
    );
    return `work in the runtime NOT saved (forced): ${why}`;
  }
}
