import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { askOrchestrator } from './ask-orchestrator';
import { OrchestratorService } from './orchestrator-service';
import { followWakeSources } from './wake-sources';

declare module 'fastify' {
  interface FastifyInstance {
    orchestrator: OrchestratorService;
  }
}

/** How long a chat question waits for the orchestrator's answer before chat says it has none yet. */
const CHAT_ANSWER_WAIT_MS = 10 * 60_000;

export interface OrchestratorResourceOptions {
  logger: Logger;
  /** How often ao looks whether a briefing is due (default 60 s). */
  briefingTickMs?: number;
}

/**
 * The `orchestrator` resource: starts the enabled orchestrators once the daemon is ready (after sessions were
 * recovered), follows the wake sources, and takes the reactions' escalations first when an orchestrator is running
 * (agent → orchestrator → human).
 */
export const orchestratorResource = fp<OrchestratorResourceOptions>(
  async (app, opts) => {
    const service = new OrchestratorService({
      db: app.db,
      bus: app.bus,
      sessions: app.sessions,
      projects: app.projects,
      tokens: app.mcp.tokens,
      // async: a broken notifier setting becomes a rejection the service logs, never a throw into an event listener.
      notify: async (projectId, n) => app.reactions.notify(app.projects.get(projectId), n),
      logger: opts.logger,
    });
    app.decorate('orchestrator', service);
    app.reactions.routeEscalations(({ projectId, sessionId, reaction, reason }) =>
      service.enqueue({
        trigger: 'reaction_escalated',
        projectId,
        sessionId,
        detail: `${reaction}: ${reason}`,
        at: new Date().toISOString(),
      }),
    );
    // The human's decisions on escalations go back to the orchestrator of the project (agent → orchestrator → human).
    app.escalations.setInbox({
      deliverToOrchestrator: async (projectId, text) =>
        projectId !== null &&
        service.enqueue({
          trigger: 'human_decision',
          projectId,
          sessionId: null,
          detail: text,
          at: new Date().toISOString(),
        }),
    });
    // Free text in Slack or Telegram is a question for the orchestrator; the answer is posted back when it comes.
    app.chatops.setOrchestrator(async (projectId, text, from) => {
      let q: ReturnType<typeof askOrchestrator>;
      try {
        q = askOrchestrator(service, app.mcp.records.questions, {
          project: projectId,
          text,
          from: `${from.transport}:${from.user}`,
        });
      } catch {
        return null; // none runs (or its budget is spent): chat says so
      }
      return {
        id: q.id,
        answer: app.mcp.records.questions
          .waitForAnswer(q.id, CHAT_ANSWER_WAIT_MS)
          .then((a) => a?.answer ?? null),
      };
    });
    // A worker's session ended and its retro is written: the orchestrator adds its reflection (record_reflection).
    app.insights.retros.setListener((retro) => {
      if (app.sessions.find(retro.sessionId)?.kind === 'orchestrator') return;
      if (!service.specFor(retro.project)?.config.reflect) return;
      service.enqueue({
        trigger: 'session_ended',
        projectId: retro.project,
        sessionId: retro.sessionId,
        detail: `ended (${retro.facts.end}); add your reflection and at most one lesson with record_reflection`,
        at: retro.createdAt,
      });
    });
    let off: (() => void) | null = null;
    let offProjects: (() => void) | null = null;
    app.addHook('onReady', async () => {
      off = followWakeSources(
        app.bus,
        app.sessions,
        service,
        { briefingTickMs: opts.briefingTickMs ?? 60_000 },
        opts.logger,
      );
      // A project added or reloaded with the orchestrator enabled gets it at once.
      offProjects = app.bus.subscribe((e) => {
        if (e.type === 'project.added' || e.type === 'project.updated') void service.ensureAll();
      });
      // Not awaited: `ao up` answers while the orchestrator's agent starts.
      void service.ensureAll();
    });
    app.addHook('onClose', async () => {
      service.close();
      off?.();
      offProjects?.();
    });
  },
  {
    name: 'orchestrator',
    dependencies: [
      'db',
      'bus',
      'projects',
      'sessions',
      'reactions',
      'mcp',
      'escalations',
      'chatops',
      'insights',
    ],
  },
);
