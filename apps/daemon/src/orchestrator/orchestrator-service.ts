import type { OrchestratorStatus } from '@ao/shared/config-orchestrator';
import { badRequest, notFound } from '@ao/shared/errors';
import type { AgentLaunchContext, Logger, Notification } from '@ao/shared/plugin';
import type { Db } from '../db/open-db';
import type { EventBus } from '../events/event-bus';
import type { McpTokens } from '../mcp/mcp-tokens';
import type { ProjectService } from '../projects/project-service';
import type { SessionRow } from '../sessions/session-row';
import type { SessionService } from '../sessions/session-service';
import { buildDigest } from './build-digest';
import { DriftChecks } from './drift';
import { launchExtras } from './launch-extras';
import { type OrchestratorSpec, orchestratorSpecs } from './orchestrator-keys';
import { OrchestratorStore } from './orchestrator-store';
import { rolePrompt } from './role-prompt';
import { skippedNotice } from './skipped-notice';
import type { Trigger } from './trigger';
import { budgetState, WakeLog } from './wake-budget';

export interface OrchestratorDeps {
  db: Db;
  bus: EventBus;
  sessions: SessionService;
  projects: ProjectService;
  tokens: McpTokens;
  /** Sends a notification through the project's notifiers (the human). */
  notify(projectId: string, n: Notification): Promise<unknown>;
  logger: Logger;
}

const LIVE = new Set(['spawning', 'running']);
/** When a digest may be typed in: idle, or ao cannot tell (an agent with no signal before its first turn, such as
 *  Codex started without a prompt); the message delivery then confirms it or reports it queued. */
export const DELIVERABLE = new Set(['idle', 'unknown']);
/** After a digest, the next waits for the orchestrator's turn to end (its activity back to idle), at most this long. */
const AWAIT_TURN_MS = 30_000;

/**
 * The orchestrators: starts and stops their sessions, takes wake triggers (coalesced while the orchestrator works,
 * delivered as one bounded digest when it is idle), keeps the wake and token budgets, and hands triggers to the human
 * when no wake may happen.
 */
export class OrchestratorService {
  readonly store: OrchestratorStore;
  private readonly wakes: WakeLog;
  private readonly inflight = new Set<string>();
  /** Orchestrators given a digest whose turn has not ended yet: triggers meanwhile are coalesced. */
  private readonly awaiting = new Map<string, NodeJS.Timeout>();
  briefingChecks = 0;
  private closed = false;

  readonly drift: DriftChecks;

  constructor(private readonly deps: OrchestratorDeps) {
    this.drift = new DriftChecks(deps.db, deps.bus);
    this.store = new OrchestratorStore(deps.db);
    this.wakes = new WakeLog(deps.db);
  }

  specs(): OrchestratorSpec[] {
    return orchestratorSpecs(this.deps.projects.loadedAll());
  }

  specFor(projectId: string): OrchestratorSpec | undefined {
    return this.specs().find((s) => s.projects.includes(projectId));
  }

  /** The orchestrator session of a key while it is live (starting or running). */
  liveSession(key: string): SessionRow | undefined {
    const id = this.store.get(key)?.sessionId;
    const row = id ? this.deps.sessions.find(id) : undefined;
    return row && LIVE.has(row.status) ? row : undefined;
  }

  /** The key an orchestrator session serves. */
  keyOfSession(sessionId: string): string | undefined {
    return this.specs().find((s) => this.store.get(s.key)?.sessionId === sessionId)?.key;
  }

  private ensuring: Promise<void> = Promise.resolve();

  /** `ao up`: starts every enabled orchestrator that has no live session and was not stopped by the user (runs one
   *  at a time, so two callers never start two). */
  ensureAll(): Promise<void> {
    this.ensuring = this.ensuring.then(() => this.ensureNow());
    return this.ensuring;
  }

  private async ensureNow(): Promise<void> {
    for (const spec of this.specs()) {
      const row = this.store.get(spec.key);
      if (row?.stopped || this.liveSession(spec.key)) continue;
      const id = row?.sessionId;
      // Its session is restored after a restart like any other; only one that is gone for good is replaced.
      const old = id ? this.deps.sessions.find(id) : undefined;
      if (old && (old.status === 'exited' || old.status === 'runtime_lost')) continue;
      await this.spawn(spec).catch((err: Error) =>
        this.deps.logger.error({ key: spec.key, err: err.message }, 'orchestrator did not start'),
      );
    }
  }

  private async spawn(spec: OrchestratorSpec): Promise<SessionRow> {
    const session = await this.deps.sessions.spawnOrchestrator({
      projectId: spec.host,
      key: spec.key,
      agent: spec.config.agent,
      // Known before its agent runs: triggers meanwhile wait for it instead of going to the human.
      onCreated: (id) => this.store.setSession(spec.key, id),
    });
    return this.deps.sessions.find(session.id) as SessionRow;
  }

  private specOrThrow(projectId: string | undefined): OrchestratorSpec {
    const project = this.deps.projects.resolve(projectId);
    const spec = this.specFor(project.id);
    if (!spec)
      throw badRequest(
        `the orchestrator is not enabled for ${project.id}: set orchestrator.enabled: true in ${project.configPath}`,
        'project',
      );
    return spec;
  }

  async start(projectId?: string): Promise<OrchestratorStatus> {
    const spec = this.specOrThrow(projectId);
    this.store.setStopped(spec.key, false);
    if (!this.liveSession(spec.key)) {
      const id = this.store.get(spec.key)?.sessionId;
      const old = id ? this.deps.sessions.find(id) : undefined;
      if (old && (old.status === 'exited' || old.status === 'runtime_lost'))
        await this.deps.sessions.restore(old.id);
      else await this.spawn(spec);
    }
    return this.statusOf(spec);
  }

  async stop(projectId?: string): Promise<OrchestratorStatus> {
    const spec = this.specOrThrow(projectId);
    this.store.setStopped(spec.key, true);
    const live = this.liveSession(spec.key);
    if (live) await this.deps.sessions.kill(live.id);
    return this.statusOf(spec);
  }

  status(): OrchestratorStatus[] {
    return this.specs().map((s) => this.statusOf(s));
  }

  statusOf(spec: OrchestratorSpec): OrchestratorStatus {
    const row = this.store.get(spec.key);
    const live = this.liveSession(spec.key);
    const budget = this.budgetOf(spec, live);
    const state = !live ? 'stopped' : budget.spent ? 'budget_spent' : 'running';
    return {
      key: spec.key,
      projects: spec.projects,
      agent: spec.config.agent,
      sessionId: row?.sessionId ?? null,
      state,
      reason: !live ? (row?.stopped ? 'stopped by the user' : 'no live session') : budget.spent,
      wakesLastHour: budget.wakesLastHour,
      maxWakesPerHour: spec.config.wakes.maxPerHour,
      tokensToday: budget.tokensToday,
      tokensPerDay: spec.config.budget.tokensPerDay,
      pending: row ? this.store.pending(spec.key).length : 0,
      lastWakeAt: row?.lastWakeAt ?? null,
      awaitingTurn: this.awaiting.has(spec.key),
      briefingChecks: this.briefingChecks,
    };
  }

  private budgetOf(spec: OrchestratorSpec, live: SessionRow | undefined) {
    const total = live ? live.tokensIn + live.tokensOut : 0;
    const tokens = live ? this.store.tokensToday(spec.key, total, new Date()) : 0;
    return budgetState(spec.config, this.wakes.lastHour(spec.key), tokens);
  }

  /**
   * A reason to wake the orchestrator. True when it will reach it (now or once it is idle); false when it cannot
   * (not enabled, not running, budget spent): then the human is told (a reaction's escalation notifies by itself).
   */
  enqueue(t: Trigger): boolean {
    const spec = this.specFor(t.projectId);
    if (!spec) return false;
    const live = this.liveSession(spec.key);
    const spent = live ? this.budgetOf(spec, live).spent : 'the orchestrator is not running';
    if (spent) {
      this.skip(spec, t, spent);
      return false;
    }
    this.store.addPending(spec.key, t);
    void this.flush(spec.key);
    return true;
  }

  private skip(spec: OrchestratorSpec, t: Trigger, reason: string): void {
    const sessionIds = t.sessionId ? [t.sessionId] : [];
    this.deps.bus.emit('orchestrator.skipped', { key: spec.key, trigger: t.trigger, sessionIds, reason });
    const n = skippedNotice(t, reason);
    if (!n) return;
    this.deps
      .notify(t.projectId, n)
      .catch((err: Error) =>
        this.deps.logger.warn({ key: spec.key, err: err.message }, 'could not notify the human'),
      );
  }

  /**
   * A drift correction from the orchestrator (`correct_drift`): sent to the worker as a message and recorded, within
   * the project's `drift.maxCorrections` (409 past it; 400 when drift checks are off for the project).
   */
  async correct(sessionId: string, text: string): Promise<{ correction: number; max: number }> {
    const row = this.deps.sessions.find(sessionId);
    if (!row || row.kind === 'orchestrator') throw notFound(`no worker session ${sessionId}`);
    const drift = this.specFor(row.projectId)?.config.drift;
    if (!drift?.enabled) throw badRequest(`drift checks are off for project ${row.projectId}`, 'session');
    return this.drift.correct(row, drift, (t) => this.deps.sessions.send(sessionId, t, 'message'), text);
  }

  /** The orchestrator's activity moved: back to idle (or unknown) ends the turn a digest started. */
  onActivity(key: string, to: string): void {
    if (!DELIVERABLE.has(to)) return;
    this.endTurn(key);
    void this.flush(key);
  }

  private endTurn(key: string): void {
    const timer = this.awaiting.get(key);
    if (timer) clearTimeout(timer);
    this.awaiting.delete(key);
  }

  /** Delivers the pending triggers as one digest, if the orchestrator is idle, not in a turn a digest started, and no
   *  delivery is under way. */
  async flush(key: string): Promise<void> {
    if (this.inflight.has(key) || this.awaiting.has(key)) return;
    const spec = this.specs().find((s) => s.key === key);
    const live = this.liveSession(key);
    if (!spec || !live || !DELIVERABLE.has(live.activity)) return;
    const triggers = this.store.takePending(key);
    if (!triggers.length) return;
    this.inflight.add(key);
    const timer = setTimeout(() => {
      // No signal that the turn ended (an agent without signals): deliver what waits anyway.
      this.awaiting.delete(key);
      void this.flush(key);
    }, AWAIT_TURN_MS);
    timer.unref();
    this.awaiting.set(key, timer);
    try {
      const fleet = spec.projects
        .flatMap((p) => this.deps.sessions.list(p))
        .filter((s) => s.kind !== 'orchestrator');
      const now = new Date();
      const digest = buildDigest({ triggers, fleet, maxBytes: spec.config.digestMaxBytes, now });
      const roleGiven = this.store.get(key)?.roleGiven ?? false;
      const text = roleGiven ? digest : `${rolePrompt(spec.projects)}\n\n${digest}`;
      await this.deps.sessions.send(live.id, text, 'message');
      this.wakes.add(key, now.getTime());
      this.store.woke(
        key,
        now.toISOString(),
        true,
        triggers.some((t) => t.trigger === 'briefing_due'),
      );
      this.deps.bus.emit('orchestrator.woken', {
        sessionId: live.id,
        key,
        triggers: [...new Set(triggers.map((t) => t.trigger))],
        sessionIds: [...new Set(triggers.flatMap((t) => (t.sessionId ? [t.sessionId] : [])))],
        bytes: Buffer.byteLength(digest),
      });
    } catch (err) {
      if (this.closed) return; // the daemon is closing: the database is gone with it
      this.endTurn(key);
      this.store.restorePending(key, triggers);
      this.deps.logger.warn(
        { key, err: (err as Error).message },
        'orchestrator wake not delivered; kept pending',
      );
    } finally {
      this.inflight.delete(key);
    }
  }

  /** The daemon is closing: deliveries under way end without touching the database. */
  close(): void {
    this.closed = true;
    for (const t of this.awaiting.values()) clearTimeout(t);
  }

  /** What a session's launch gets (`launch-extras.ts`): its scoped MCP token and, for an orchestrator, its role. */
  launchExtras(row: SessionRow, baseUrl: string): Pick<AgentLaunchContext, 'systemPrompt' | 'mcp'> {
    return launchExtras(row, baseUrl, {
      tokens: this.deps.tokens,
      specs: () => this.specs(),
      specFor: (id) => this.specFor(id),
    });
  }
}
