import { autoMergeAdmits } from '@ao/shared/config-merge';
import type { Logger, Notification } from '@ao/shared/plugin';
import type { PullRequest } from '@ao/shared/session';
import type { EventBus } from '../events/event-bus';
import type { LoadedProject, ProjectService } from '../projects/project-service';
import type { SessionPort } from '../sessions/port';
import type { SessionRow } from '../sessions/session-row';
import { toSession } from '../sessions/session-row';
import { escalateUndelivered, evaluate, evaluateAllComplete, wouldSendToAgent } from './evaluate';
import type { NotifierRouters } from './notifier-routers';
import { SqliteIncidentStore, type SyncDb } from './sqlite-stores';
import type { EvaluateInput, ReactionAction, ReactionDetails } from './types';

export interface ReactorDeps {
  bus: EventBus;
  /** The database `bus` writes to: the incident store's statements are prepared on it once. */
  db: SyncDb;
  sessions: SessionPort;
  projects: ProjectService;
  routers: NotifierRouters;
  logger: Logger;
}

/**
 * Runs the reactions of one session: evaluates them against its stored state in one transaction (incidents are
 * durable), then carries out the actions after commit: messages to the agent, notifications, escalations, auto-merge.
 * Runs for one session are serialized.
 */
/** An escalation offered to the orchestrator first; true when it took it (the human is then not notified). */
export type EscalationRoute = (e: {
  projectId: string;
  sessionId: string;
  reaction: string;
  reason: string;
}) => boolean;

export class Reactor {
  private readonly busy = new Map<string, Promise<unknown>>();
  private escalationRoute: EscalationRoute | null = null;
  private readonly incidents: SqliteIncidentStore<Record<string, unknown>>;

  constructor(private readonly deps: ReactorDeps) {
    this.incidents = new SqliteIncidentStore(deps.db);
  }

  react(sessionId: string, details?: ReactionDetails): Promise<ReactionAction[]> {
    const previous = this.busy.get(sessionId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.run(sessionId, details));
    this.busy.set(sessionId, next);
    const forget = () => {
      if (this.busy.get(sessionId) === next) this.busy.delete(sessionId);
    };
    next.then(forget, forget);
    return next;
  }

  /**
   * Whether the session's CI failure would be sent to its agent now (not yet sent for these checks, not escalated):
   * only then does the GitHub loop fetch the failure details (job logs). Waits for the session's run under way.
   */
  async wantsFailureDetails(sessionId: string): Promise<boolean> {
    await this.busy.get(sessionId)?.catch(() => undefined);
    const row = this.deps.sessions.find(sessionId);
    if (!row) return false;
    let project: LoadedProject;
    try {
      project = this.deps.projects.get(row.projectId);
    } catch {
      return false;
    }
    const input = inputOf(row);
    return this.deps.bus.transaction(() =>
      wouldSendToAgent('ci_failed', input, this.incidents, project.config.reactions, new Date()),
    );
  }

  /** `all_complete`: when every session of the project is finished, its reaction fires once per set of sessions. */
  reactProject(projectId: string): Promise<ReactionAction[]> {
    const key = `project:${projectId}`;
    const previous = this.busy.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.runProject(projectId));
    this.busy.set(key, next);
    const forget = () => {
      if (this.busy.get(key) === next) this.busy.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  private async runProject(projectId: string): Promise<ReactionAction[]> {
    const { bus, sessions, projects } = this.deps;
    let project: LoadedProject;
    try {
      project = projects.get(projectId);
    } catch {
      return []; // the project's config is broken; it is reported on the project
    }
    const all = sessions.list(projectId).filter((s) => s.kind !== 'orchestrator');
    const actions = bus.transaction((tx) =>
      evaluateAllComplete(
        { project: projectId, sessions: all },
        new SqliteIncidentStore(tx),
        project.config.reactions,
      ),
    );
    for (const action of actions) {
      await this.carryOut(action, project).catch((err: Error) =>
        this.deps.logger.error({ project: projectId, err: err.message }, 'reaction failed'),
      );
    }
    return actions;
  }

  /** Offers every escalation to `route` first (the orchestrator): agent → orchestrator → human. */
  routeEscalations(route: EscalationRoute): void {
    this.escalationRoute = route;
  }

  /** Sends a notification through the project's routing (each id once per channel, durably). */
  notify(project: LoadedProject, n: Notification): Promise<unknown> {
    return this.deps.routers.of(project).send(n);
  }

  /** Waits for the runs under way (shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.busy.values()]);
  }

  private async run(sessionId: string, details?: ReactionDetails): Promise<ReactionAction[]> {
    const { bus, sessions, projects } = this.deps;
    const row = sessions.find(sessionId);
    if (!row || row.kind === 'orchestrator') return [];
    let project: LoadedProject;
    try {
      project = projects.get(row.projectId);
    } catch {
      return []; // the project's config is broken; it is reported on the project
    }
    const input = { ...inputOf(row), details };
    const actions = bus.transaction(() =>
      evaluate(input, this.incidents.ofSession(sessionId), project.config.reactions, new Date()),
    );
    for (const action of actions) {
      try {
        await this.carryOut(action, project);
      } catch (err) {
        this.deps.logger.error(
          { sessionId, reaction: action.reaction, err: (err as Error).message },
          'reaction failed',
        );
      }
    }
    return actions;
  }

  private async carryOut(action: ReactionAction, project: LoadedProject): Promise<void> {
    const { bus, sessions, routers } = this.deps;
    const { sessionId, reaction, attempt } = action;
    switch (action.type) {
      case 'send_to_agent': {
        let detail: string;
        try {
          if (action.restore) await sessions.restore(sessionId);
          const delivery = await sessions.send(sessionId, action.message, 'reaction');
          detail = delivery.state === 'queued' ? 'queued for the agent (busy)' : 'sent to the agent';
        } catch (err) {
          const escalations = bus.transaction(() =>
            escalateUndelivered(action, (err as Error).message, this.incidents, new Date()),
          );
          for (const escalation of escalations) await this.carryOut(escalation, project);
          return;
        }
        bus.emit('reaction.fired', { sessionId, reaction, attempt, detail });
        return;
      }
      case 'notify': {
        const pr = sessions.find(sessionId)?.pr as PullRequest | null | undefined;
        const merge = project.config.merge;
        if (reaction === 'approved' && pr && merge.queue && autoMergeAdmits(merge, pr)) {
          // The queue merges it in its turn: nothing for the human to do.
          bus.emit('reaction.fired', { sessionId, reaction, attempt, detail: 'left to the merge queue' });
          return;
        }
        const result = await routers.of(project).send(action.notification, action.channels);
        const detail = `notified ${result.sent.join(', ') || 'nobody'}`;
        bus.emit('reaction.fired', { sessionId, reaction, attempt, detail });
        return;
      }
      case 'escalate': {
        const route = { projectId: project.id, sessionId, reaction, reason: action.reason };
        if (this.escalationRoute?.(route)) {
          bus.emit('reaction.escalated', {
            sessionId,
            reaction,
            detail: `handed to the orchestrator: ${action.reason}`,
          });
          return;
        }
        if (sessions.find(sessionId)) sessions.update(sessionId, { escalated: true });
        await routers.of(project).send(action.notification, action.channels);
        bus.emit('reaction.escalated', { sessionId, reaction, detail: action.reason });
        return;
      }
      case 'auto_merge': {
        const pr = sessions.find(sessionId)?.pr as PullRequest | null | undefined;
        if (!pr || pr.headSha !== action.headSha) return; // a new commit arrived since: not what was approved
        if (project.config.merge.queue) {
          // The queue merges in its own order (blockers first) and keeps the next branch up to date.
          bus.emit('reaction.fired', { sessionId, reaction, attempt, detail: 'left to the merge queue' });
          return;
        }
        await sessions.merge(sessionId, action.method);
        bus.emit('reaction.fired', { sessionId, reaction, attempt, detail: `merged (${action.method})` });
      }
    }
  }
}

/** A session's stored state as the reactions see it. */
function inputOf(row: SessionRow): EvaluateInput {
  const session = toSession(row);
  return {
    session,
    pr: (row.pr as PullRequest | null) ?? null,
    activity: {
      state: session.activity,
      since: row.activitySince ?? row.createdAt,
      detail: session.evidence?.detail,
    },
  };
}
