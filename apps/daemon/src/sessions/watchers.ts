import type {
  AgentObservation,
  AgentWatchContext,
  AgentWatcher,
  Logger,
  RuntimeHandle,
} from '@ao/shared/plugin';
import type { PluginRegistry } from '../plugins/registry';
import type { ProjectService } from '../projects/project-service';
import { batchObservations } from './observation-batcher';
import { OutputClocks } from './output-clock';
import { pluginsOf, sessionDirOf } from './session-plugins';
import { handleOf, type SessionRow } from './session-row';
import type { SessionStore } from './session-store';

/** Screen-stability watcher for agents that give no structured signal. */
export type FallbackWatch = (ctx: AgentWatchContext, emit: (obs: AgentObservation) => void) => AgentWatcher;

export interface WatchersDeps {
  dataDir: string;
  store: SessionStore;
  projects: ProjectService;
  registry: PluginRegistry;
  logger: Logger;
  fallback: FallbackWatch | null;
  /** Applies one observation to the session (set once the session context exists). */
  apply(sessionId: string, obs: AgentObservation): void;
}

/** Follows each running session's agent signals (its plugin's watcher, else the screen fallback) until stopped. */
export class Watchers {
  private readonly active = new Map<string, AgentWatcher>();
  private readonly clocks = new OutputClocks();

  constructor(private readonly deps: WatchersDeps) {}

  /** The context an agent plugin's `watch` or `probe` gets for a session. */
  contextFor(row: SessionRow, handle: RuntimeHandle, pid: number | null, capture?: () => Promise<string>) {
    const { store, logger, dataDir } = this.deps;
    const { runtime } = pluginsOf(this.deps, row);
    return {
      sessionId: row.id,
      cwd: row.worktreePath,
      sessionDir: sessionDirOf(dataDir, row.id),
      agentSessionId: row.agentSessionId,
      pid,
      capture: capture ?? (() => runtime.capture(handle)),
      logger,
      saved: (row.agentState as Record<string, unknown> | null) ?? null,
      save: (state: Record<string, unknown>) => {
        if (store.find(row.id)) store.saveAgentState(row.id, state);
      },
    } satisfies AgentWatchContext;
  }

  /** Starts following a running session (replacing any watcher it had). */
  start(sessionId: string): void {
    this.stop(sessionId);
    const row = this.deps.store.row(sessionId);
    const handle = handleOf(row);
    if (!handle) return;
    const { agent, runtime } = pluginsOf(this.deps, row);
    const watch = agent.watch?.bind(agent) ?? this.deps.fallback;
    if (!watch) return;
    // Watchers that sample the screen share one batched "last output" query per runtime.
    const screen = this.clocks.capture(runtime, handle);
    const placeholder: AgentWatcher = { close: () => screen.close() };
    this.active.set(sessionId, placeholder);
    void runtime
      .pid(handle)
      .catch(() => null) // no pid: watchers that need one fall back to their other signals
      .then((pid) => {
        // Stopped or replaced meanwhile, or no longer running: nothing to follow.
        if (
          this.active.get(sessionId) !== placeholder ||
          this.deps.store.find(sessionId)?.status !== 'running'
        ) {
          screen.close();
          return;
        }
        const batch = batchObservations((obs) => this.apply(sessionId, obs));
        const fresh = this.deps.store.row(sessionId);
        const watcher = watch(this.contextFor(fresh, handle, pid, screen.capture), batch.emit);
        this.active.set(sessionId, {
          close() {
            watcher.close();
            batch.close();
            screen.close();
          },
        });
      })
      .catch((err: Error) =>
        this.deps.logger.warn({ sessionId, err: err.message }, 'cannot follow the agent'),
      );
  }

  stop(sessionId: string): void {
    this.active.get(sessionId)?.close();
    this.active.delete(sessionId);
  }

  stopAll(): void {
    for (const id of [...this.active.keys()]) this.stop(id);
  }

  private apply(sessionId: string, obs: AgentObservation): void {
    try {
      this.deps.apply(sessionId, obs);
    } catch (err) {
      this.deps.logger.error(
        { sessionId, err: (err as Error).message },
        'applying an agent observation failed',
      );
    }
  }
}
