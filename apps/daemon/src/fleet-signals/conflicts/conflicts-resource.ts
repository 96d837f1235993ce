import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { NotifierRouters } from '../../reactions/notifier-routers';
import type { WebhookFact } from '../../webhooks';
import type { ConflictActions } from './conflict-notices';
import { ConflictsService } from './conflicts-service';

declare module 'fastify' {
  interface FastifyInstance {
    conflicts: ConflictsService;
  }
}

export interface ConflictsResourceOptions {
  logger: Logger;
  /**
   * A periodic recompute (one `for-each-ref` per project when nothing moved); 0: none, so an idle fleet starts no
   * process (the reflog watch, webhooks and session events cover every move).
   */
  tickMs: number;
}

/**
 * The `conflicts` resource (fleet signals, DESIGN.md §11): predicted conflicts between live sessions' branches, kept
 * current from push webhooks, ref moves in the repository (a commit in a worktree, a fetch), sessions starting and
 * ending; computed once when the daemon is ready.
 */
export const conflictsResource = fp<ConflictsResourceOptions>(
  async (app, opts) => {
    const routers = new NotifierRouters(app.db, app.registry, opts.logger, (project, name) =>
      app.projects.settings(project, 'notifier', name),
    );
    const actions: ConflictActions = {
      async tell(sessionId, text) {
        await app.sessions.send(sessionId, text, 'reaction');
      },
      async notify(sessionId, id, title, body) {
        const row = app.sessions.find(sessionId);
        if (!row) return;
        await routers
          .of(app.projects.get(row.projectId))
          .send({ id, priority: 'warning', title, body, sessionId });
      },
    };
    const service = new ConflictsService({
      sessions: app.sessions,
      projects: app.projects,
      db: app.db,
      logger: opts.logger,
      actions,
    });
    app.decorate('conflicts', service);
    const all = () => {
      for (const p of app.projects.list()) if (!p.error) service.schedule(p.id);
    };
    const onPush = (fact: WebhookFact) => {
      for (const project of app.projects.loadedAll()) {
        const { repo, defaultBranch } = project.config.project;
        if (!repo || repo.toLowerCase() !== fact.repo?.toLowerCase()) continue;
        if (fact.branch === defaultBranch) service.schedule(project.id, { fetchBase: true });
        else if (app.sessions.rows(project.id).some((r) => r.branch === fact.branch))
          service.schedule(project.id);
      }
    };
    let unsubscribe: Array<() => void> = [];
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      unsubscribe = [
        app.github.loop.onPush(onPush),
        app.bus.subscribe((event) => {
          if (event.type === 'session.created' || event.type === 'session.status_changed')
            service.schedule(event.data.session.project);
        }),
      ];
      const tick = () => {
        all();
        timer = setTimeout(tick, opts.tickMs);
      };
      all();
      if (opts.tickMs > 0) timer = setTimeout(tick, opts.tickMs);
    });
    app.addHook('onClose', async () => {
      for (const u of unsubscribe) u();
      if (timer) clearTimeout(timer);
      await service.close();
    });
  },
  { name: 'conflicts', dependencies: ['db', 'bus', 'registry', 'projects', 'sessions', 'github'] },
);
