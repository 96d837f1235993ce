import type { CreateSessionBody, Delivery, KillBody } from '@ao/shared/api';
import { runtimeError } from '@ao/shared/errors';
import type {
  AgentObservation,
  ForwardRule,
  Logger,
  Runtime,
  RuntimeEvent,
  TerminalStream,
} from '@ao/shared/plugin';
import type { Message } from '@ao/shared/session';
import type { Db } from '../db/open-db';
import type { EventBus } from '../events/event-bus';
import type { PluginRegistry } from '../plugins/registry';
import type { ProjectService } from '../projects/project-service';
import { eachLimit } from '../util/map-limit';
import { Timers } from '../util/timers';
import { applyObservation } from './apply-observation';
import { approvePrompt } from './approve-prompt';
import type { SessionContext, SessionSettings } from './context';
import { deliverMessage } from './deliver-message';
import { killSession } from './kill-session';
import { runtimeStates, stillCurrent } from './liveness';
import { finishSession, mergeSession } from './merge-session';
import { Messages } from './messages';
import type { RuntimeSink, SessionPort } from './port';
import { type Recovery, recoverSessions } from './recover-sessions';
import { restoreSession } from './restore-session';
import { onRuntimeExited, onRuntimeGone } from './runtime-exit';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';
import { type SessionPatch, SessionStore } from './session-store';
import { type SpawnOrchestratorInput, spawnOrchestrator } from './spawn-orchestrator';
import { spawnSession } from './spawn-session';
import { type FallbackWatch, Watchers } from './watchers';

export interface SessionServiceDeps extends SessionSettings {
  db: Db;
  bus: EventBus;
  projects: ProjectService;
  registry: PluginRegistry;
  logger: Logger;
  /** Screen-stability watcher for agents without structured signals. */
  fallback: FallbackWatch | null;
}

/** The sessions part of the daemon: its store, messages and watchers, and every session operation behind one port. */
export class SessionService implements SessionPort, RuntimeSink {
  readonly ctx: SessionContext;

  constructor(deps: SessionServiceDeps) {
    const store = new SessionStore(deps.db, deps.bus);
    const messages = new Messages(deps.db, deps.bus, (id, counts) => {
      const row = store.find(id);
      if (row && (row.promptPending !== counts.promptPending || row.queuedMessages !== counts.queued))
        store.update(id, { promptPending: counts.promptPending, queuedMessages: counts.queued });
    });
    const watchers = new Watchers({
      ...deps,
      store,
      apply: (id: string, obs: AgentObservation) => applyObservation(this.ctx, id, obs),
    });
    this.ctx = { ...deps, store, messages, watchers, timers: new Timers(), stopping: new Set() };
  }

  /** The fleet's rows: worker sessions only (an orchestrator has no branch, PR, lane or reactions). */
  rows = (projectId?: string) => this.ctx.store.rows(projectId).filter((r) => r.kind !== 'orchestrator');
  /** Every row, orchestrators included. */
  allRows = (projectId?: string) => this.ctx.store.rows(projectId);
  find = (id: string) => this.ctx.store.find(id);
  get = (id: string) => this.ctx.store.get(id);
  list = (projectId?: string) => this.ctx.store.list(projectId);
  listJson = () => this.ctx.store.listJson();
  update = (id: string, patch: SessionPatch, opts?: { event?: 'pr.updated' | 'session.conflicts' }) =>
    this.ctx.store.update(id, patch, opts);
  spawn = (body: CreateSessionBody) => spawnSession(this.ctx, body);
  spawnOrchestrator = (input: SpawnOrchestratorInput) => spawnOrchestrator(this.ctx, input);
  kill = (id: string, opts?: KillBody) => killSession(this.ctx, id, opts);
  restore = (id: string) => restoreSession(this.ctx, id);
  approve = (id: string) => approvePrompt(this.ctx, id);
  merge = (id: string, method?: 'squash' | 'merge' | 'rebase') => mergeSession(this.ctx, id, method);
  finish = (id: string, reason: string) => finishSession(this.ctx, id, reason);

  messages(id: string): Message[] {
    this.ctx.store.row(id);
    return this.ctx.messages.list(id);
  }

  send(id: string, text: string, kind: Message['kind'] = 'message'): Promise<Delivery> {
    return deliverMessage(this.ctx, id, text, { kind });
  }

  async output(id: string, lines: number): Promise<string> {
    const row = this.ctx.store.row(id);
    const handle = handleOf(row);
    if (!handle) return '';
    try {
      return await pluginsOf(this.ctx, row).runtime.capture(handle, lines);
    } catch (err) {
      if (row.status === 'running')
        throw runtimeError(`cannot read the screen of ${id}: ${(err as Error).message}`);
      return ''; // killed or lost: its runtime session went with it, so there is no screen left to show
    }
  }

  attach(id: string): { command: string[] | null; live: boolean } {
    const row = this.ctx.store.row(id);
    const handle = handleOf(row);
    if (row.status !== 'running' || !handle) return { command: null, live: false };
    return { command: pluginsOf(this.ctx, row).runtime.attachCommand(handle), live: true };
  }

  /** Opens the session's live terminal for the web (null when it has no live runtime). */
  async openTerminal(id: string, size: { cols: number; rows: number }): Promise<TerminalStream | null> {
    const row = this.ctx.store.find(id);
    const handle = row ? handleOf(row) : null;
    if (row?.status !== 'running' || !handle) return null;
    return pluginsOf(this.ctx, row).runtime.openTerminal(handle, size);
  }

  hook(id: string, body: unknown): void {
    const row = this.ctx.store.row(id);
    const observation = pluginsOf(this.ctx, row).agent.onHook?.(body) ?? null;
    if (observation) applyObservation(this.ctx, id, observation);
  }

  forwardRules(id: string): ForwardRule[] {
    const row = this.ctx.store.row(id);
    return pluginsOf(this.ctx, row).agent.forwardable?.({ cwd: row.worktreePath }) ?? [];
  }

  /** At boot, before the daemon answers: see `recoverSessions`. */
  recover(): Promise<Recovery> {
    return recoverSessions(this.ctx);
  }

  /** Brings back, a few at a time, the sessions whose runtime vanished while ao was down. */
  async restoreAfterRestart(ids: readonly string[]): Promise<void> {
    const limit = Math.max(1, ...ids.map((id) => this.concurrencyOf(id)));
    const detail = 'brought back after a restart (its runtime was gone when ao started)';
    await eachLimit(ids, limit, (id) =>
      restoreSession(this.ctx, id, { source: 'recovery', detail }).then(
        () => undefined,
        (err: Error) =>
          this.ctx.logger.warn({ sessionId: id, err: err.message }, 'could not bring the session back'),
      ),
    );
  }

  async onRuntimeEvent(runtime: Runtime, event: RuntimeEvent): Promise<void> {
    if (event.type === 'resync') return this.checkRuntime(runtime);
    const row = this.ctx.store.rows().find((r) => r.status === 'running' && handleOf(r)?.id === event.id);
    if (!row || pluginsOf(this.ctx, row).runtime !== runtime) return;
    if (event.type === 'exited') await onRuntimeExited(this.ctx, row.id, { state: 'exited', ...event });
    else onRuntimeGone(this.ctx, row.id, 'the runtime session ended');
  }

  async checkRuntime(runtime: Runtime): Promise<void> {
    for (const check of await runtimeStates(this.ctx, runtime)) {
      if (!stillCurrent(this.ctx, check) || check.state.state === 'alive') continue;
      if (check.state.state === 'exited') await onRuntimeExited(this.ctx, check.row.id, check.state);
      else onRuntimeGone(this.ctx, check.row.id, 'the runtime session ended');
    }
  }

  close(): void {
    this.ctx.timers.clear();
    this.ctx.watchers.stopAll();
  }

  private concurrencyOf(id: string): number {
    const row = this.ctx.store.find(id);
    try {
      return row ? this.ctx.projects.get(row.projectId).config.sessions.restoreConcurrency : 1;
    } catch {
      return 1; // a project whose config broke since: one at a time
    }
  }
}
