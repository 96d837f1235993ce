import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import type { WebhookFact } from '../../webhooks';
import { MergeQueueService } from './merge-queue-service';
import { queueHistory } from './queue-history';

declare module 'fastify' {
  interface FastifyInstance {
    mergeQueue: MergeQueueService;
  }
}

/** Events after which a project's queue may move: a PR changed, a session started, ended or went idle, an order. */
const MOVES = new Set(['pr.updated', 'session.status_changed', 'session.activity', 'session.conflicts']);

/**
 * The `mergeQueue` resource (fleet signals, DESIGN.md §11): the merge queue of every project with `merge.queue: true`,
 * moved by session and PR events and by pushes to the default branch.
 */
export const mergeQueueResource = fp<{ logger: Logger }>(
  async (app, opts) => {
    const service = new MergeQueueService({
      sessions: app.sessions,
      projects: app.projects,
      logger: opts.logger,
      emit: (type, data) => app.bus.emit(type, data),
      refreshPr: (sessionId) => app.github.loop.refresh(sessionId),
      refreshConflicts: (projectId) => app.conflicts.run(projectId),
      history: queueHistory(app.db),
    });
    app.decorate('mergeQueue', service);
    const onPush = (fact: WebhookFact) => {
      for (const project of app.projects.loadedAll()) {
        const { repo } = project.config.project;
        if (repo && repo.toLowerCase() === fact.repo?.toLowerCase()) service.schedule(project.id);
      }
    };
    let unsubscribe: Array<() => void> = [];
    app.addHook('onReady', async () => {
      unsubscribe = [
        app.github.loop.onPush(onPush),
        app.bus.subscribe((event) => {
          // A project added or its config changed (merge.queue turned on or off): its queue view changes.
          if (event.type === 'project.added' || event.type === 'project.updated')
            return service.schedule(event.data.project.id);
          if (!MOVES.has(event.type)) return;
          // Of activity changes only going idle matters (a behind branch may now be rebased): a busy fleet changes
          // activity all the time, and each pass fetches.
          if (event.type === 'session.activity' && event.data.to !== 'idle') return;
          const { session } = event.data as { session?: { project: string } };
          if (session) service.schedule(session.project);
        }),
      ];
      for (const p of app.projects.list()) if (!p.error) service.schedule(p.id);
    });
    app.addHook('onClose', async () => {
      for (const u of unsubscribe) u();
      await service.close();
    });
  },
  { name: 'mergeQueue', dependencies: ['bus', 'projects', 'sessions', 'github', 'conflicts'] },
);
