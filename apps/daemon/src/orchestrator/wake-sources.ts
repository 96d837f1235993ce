import type { AoEvent } from '@ao/shared/events';
import type { Logger } from '@ao/shared/plugin';
import type { EventBus } from '../events/event-bus';
import type { SessionPort } from '../sessions/port';
import type { OrchestratorService } from './orchestrator-service';
import type { Trigger } from './trigger';

/** Events that change the fleet's picture (a briefing is due only after one of them). */
const CHANGES = new Set<AoEvent['type']>([
  'session.created',
  'session.status_changed',
  'pr.updated',
  'ci.failed',
  'reaction.fired',
  'reaction.escalated',
  'worker.reported',
  'escalation.created',
]);

const PERMISSION = /permission/i;

/** What the wake sources need of the orchestrators (OrchestratorService). */
export type WakeTarget = Pick<
  OrchestratorService,
  'enqueue' | 'specFor' | 'specs' | 'keyOfSession' | 'onActivity' | 'store' | 'briefingChecks' | 'drift'
>;

export interface WakeSourcesOptions {
  /** How often ao looks whether a briefing is due (it is woken only if something changed). */
  briefingTickMs: number;
}

/**
 * Turns the daemon's events into wake triggers: a worker's ask/report, an agent blocked, a permission prompt waiting
 * past its grace time, a briefing due (only after a change); and wakes an orchestrator that became idle with what
 * waited for it. (Reactions out of budget come from the reactor.) Returns the unsubscribe.
 */
export function followWakeSources(
  bus: EventBus,
  sessions: Pick<SessionPort, 'find'>,
  orch: WakeTarget,
  opts: WakeSourcesOptions,
  logger: Logger,
): () => void {
  const permissionTimers = new Map<string, NodeJS.Timeout>();
  const changed = new Set<string>();
  const now = () => new Date().toISOString();
  const enqueue = (t: Omit<Trigger, 'at'>) => orch.enqueue({ ...t, at: now() });

  const projectOf = (e: AoEvent): string | undefined => {
    const d = e.data as { session?: { project?: string; kind?: string }; sessionId?: string };
    if (d.session) return d.session.kind === 'orchestrator' ? undefined : d.session.project;
    const row = d.sessionId ? sessions.find(d.sessionId) : undefined;
    return row && row.kind !== 'orchestrator' ? row.projectId : undefined;
  };

  const onActivity = (e: AoEvent & { type: 'session.activity' }) => {
    const { session, from, to, evidence } = e.data;
    if (session.kind === 'orchestrator') {
      const key = orch.keyOfSession(session.id);
      if (key) orch.onActivity(key, to);
      return;
    }
    const timer = permissionTimers.get(session.id);
    if (timer) clearTimeout(timer);
    permissionTimers.delete(session.id);
    if (from === 'working' && to === 'idle') {
      const check = orch.drift.onTurnEnded(session, orch.specFor(session.project));
      if (check) enqueue(check);
    }
    if (to === 'blocked')
      enqueue({
        trigger: 'agent_blocked',
        projectId: session.project,
        sessionId: session.id,
        detail: evidence.detail,
      });
    if (to === 'waiting_input' && PERMISSION.test(evidence.detail)) {
      const spec = orch.specFor(session.project);
      if (!spec) return;
      const since = sessions.find(session.id)?.activitySince;
      const fire = () => {
        permissionTimers.delete(session.id);
        const row = sessions.find(session.id);
        if (row?.activity !== 'waiting_input' || row.activitySince !== since) return;
        const detail = `a permission prompt waits for over ${spec.config.permissionGraceSec}s: ${evidence.detail}`;
        enqueue({ trigger: 'permission_waiting', projectId: session.project, sessionId: session.id, detail });
      };
      const t = setTimeout(fire, spec.config.permissionGraceSec * 1000);
      t.unref();
      permissionTimers.set(session.id, t);
    }
  };

  const off = bus.subscribe((e) => {
    try {
      onEvent(e);
    } catch (err) {
      // A failure here must not unsubscribe the wake sources (the bus drops a listener that throws).
      logger.error({ type: e.type, err: (err as Error).message }, 'wake source failed');
    }
  });
  function onEvent(e: AoEvent): void {
    if (CHANGES.has(e.type)) {
      const project = projectOf(e);
      if (project) changed.add(project);
    }
    if (e.type === 'session.activity') onActivity(e);
    else if (e.type === 'worker.reported') {
      const { report } = e.data;
      const row = sessions.find(report.sessionId);
      if (!row) return;
      enqueue({
        trigger: report.kind === 'ask' ? 'worker_ask' : 'worker_blocked',
        projectId: row.projectId,
        sessionId: report.sessionId,
        detail: report.text,
      });
    }
  }

  const briefing = setInterval(() => {
    orch.briefingChecks++;
    for (const spec of orch.specs()) {
      const every = spec.config.briefingEveryMin * 60_000;
      if (every <= 0 || !spec.projects.some((p) => changed.has(p))) continue;
      const last = orch.store.get(spec.key)?.lastBriefingAt;
      if (last && Date.now() - Date.parse(last) < every) continue;
      for (const p of spec.projects) changed.delete(p);
      const detail = 'the fleet changed since the last briefing: refresh it (publish_briefing)';
      enqueue({ trigger: 'briefing_due', projectId: spec.host, sessionId: null, detail });
    }
  }, opts.briefingTickMs);
  briefing.unref();

  return () => {
    off();
    clearInterval(briefing);
    for (const t of permissionTimers.values()) clearTimeout(t);
  };
}
