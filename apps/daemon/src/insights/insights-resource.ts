import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { Attribution } from './attribution/attribution';
import { LessonStore } from './lessons/lesson-store';
import { OutcomeRecorder } from './outcome-recorder';
import { ReportService } from './report/report-service';
import { RetroWriter } from './retros/write-retro';

declare module 'fastify' {
  interface FastifyInstance {
    insights: {
      attribution: Attribution;
      outcomes: OutcomeRecorder;
      report: ReportService;
      lessons: LessonStore;
      retros: RetroWriter;
    };
  }
}

export interface InsightsResourceOptions {
  dataDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
}

/**
 * The `insights` resource (DESIGN.md §12): model attribution of agent commits (git hooks written at boot, the model
 * file of each session kept up to date), session outcomes kept from the events, and the report computed from them and
 * from git; retrospectives of finished sessions and the lessons they propose. Registered before `sessions`, which takes
 * its environment and its lessons (system prompt) for agents.
 */
export const insightsResource = fp<InsightsResourceOptions>(
  async (app, opts) => {
    const attribution = new Attribution({
      dataDir: opts.dataDir,
      env: opts.env,
      enabled: (projectId) => {
        try {
          return app.projects.get(projectId).config.attribution.coAuthoredBy;
        } catch {
          return false; // a project whose config does not load starts no session anyway
        }
      },
    });
    const outcomes = new OutcomeRecorder(app.db);
    const report = new ReportService(app.db, app.projects);
    const lessons = new LessonStore(app.db, app.bus);
    const retros = new RetroWriter(app.db, lessons);
    app.decorate('insights', { attribution, outcomes, report, lessons, retros });
    const retro = (sessionId: string) =>
      retros.onEnded(sessionId).catch((err: Error) => {
        opts.logger.error({ sessionId, err: err.message }, 'writing a retrospective failed');
      });
    // Subscribed now, before sessions are recovered: nothing they publish is missed.
    const unsubscribe = app.bus.subscribe((event) => {
      try {
        outcomes.onEvent(event);
        if (event.type === 'session.status_changed') void retro(event.data.session.id);
        if ('session' in event.data) {
          const s = event.data.session;
          attribution.onModel({ id: s.id, projectId: s.project }, s.usage.model);
        }
      } catch (err) {
        opts.logger.error({ event: event.type, err: (err as Error).message }, 'recording an outcome failed');
      }
    });
    app.addHook('onReady', async () => {
      outcomes.sync(app.sessions.list());
      await retros.catchUp();
    });
    app.addHook('onClose', async () => unsubscribe());
  },
  { name: 'insights', dependencies: ['db', 'bus', 'projects'] },
);
