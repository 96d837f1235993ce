import type { AgentWatcher } from '@ao/shared/plugin';
import type { Services } from '../services';
import { applyObservation } from './apply-observation';
import { batchObservations } from './observation-batcher';
import { cachedCapture } from './output-clock';
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
  // Agent watchers that sample the screen (the fallback, Codex's and Aider's prompt checks) share one batched
  // "last output" query per runtime instead of capturing every screen every second.
  const screen = cachedCapture(runtime, handle);
  void runtime
    .pid(handle)
    .catch(() => null) // no pid: watchers that need one fall back to their other signals
    .then((pid) => {
      if (s.store.find(sessionId)?.status !== 'running') {
        screen.close();
        return;
      }
      const batch = batchObservations((obs) => {
        try {
          applyObservation(s, sessionId, obs);
        } catch (err) {
          s.logger.error({ sessionId, err: (err as Error).message }, 'applying an agent observation failed');
        }
      });
      const watcher = watch(
        {
          sessionId,
          cwd: row.worktreePath,
          sessionDir: sessionDirOf(s, sessionId),
          agentSessionId: s.store.row(sessionId).agentSessionId,
          pid,
          capture: screen.capture,
          logger: s.logger,
        },
        batch.emit,
      );
      s.watchers.set(sessionId, {
        close() {
          watcher.close();
          batch.close();
          screen.close();
        },
      });
    })
    .catch((err: Error) => s.logger.warn({ sessionId, err: err.message }, 'cannot follow the agent'));
}

export function stopWatching(s: Services, sessionId: string): void {
  s.watchers.get(sessionId)?.close();
  s.watchers.delete(sessionId);
}
