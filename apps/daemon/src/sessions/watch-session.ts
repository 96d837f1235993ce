import type { AgentWatcher } from '@ao/shared/plugin';
import type { Services } from '../services';
import { applyObservation } from './apply-observation';
import { pluginsOf, sessionDirOf } from './session-plugins';
import { handleOf } from './session-row';

/** Screen-stability watcher used for agents that give no structured signal (set at boot, see create-services). */
export type FallbackWatch = (
  ctx: Parameters<NonNullable<import('@ao/shared/plugin').Agent['watch']>>[0],
  emit: Parameters<NonNullable<import('@ao/shared/plugin').Agent['watch']>>[1],
) => AgentWatcher;

let fallback: FallbackWatch | null = null;
export function setFallbackWatch(fn: FallbackWatch): void {
  fallback = fn;
}

/** Follows a running session's agent signals until `stopWatching`. Idempotent. */
export function startWatching(s: Services, sessionId: string): void {
  stopWatching(s, sessionId);
  const row = s.store.row(sessionId);
  const handle = handleOf(row);
  if (!handle) return;
  const { agent, runtime } = pluginsOf(s, row);
  const watch = agent.watch?.bind(agent) ?? fallback;
  if (!watch) return;
  void runtime
    .pid(handle)
    .catch(() => null)
    .then((pid) => {
      if (s.store.find(sessionId)?.status !== 'running') return;
      const watcher = watch(
        {
          sessionId,
          cwd: row.worktreePath,
          sessionDir: sessionDirOf(s, sessionId),
          agentSessionId: s.store.row(sessionId).agentSessionId,
          pid,
          capture: () => runtime.capture(handle),
          logger: s.logger,
        },
        (obs) => {
          try {
            applyObservation(s, sessionId, obs);
          } catch (err) {
            s.logger.error(
              { sessionId, err: (err as Error).message },
              'applying an agent observation failed',
            );
          }
        },
      );
      s.watchers.set(sessionId, watcher);
    });
}

export function stopWatching(s: Services, sessionId: string): void {
  s.watchers.get(sessionId)?.close();
  s.watchers.delete(sessionId);
}
