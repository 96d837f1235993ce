import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { CheckPolicy, CheckStore } from '../fleet-signals/checks';
import { WebhookInbox } from '../webhooks';
import { GithubLoop } from './github-loop';
import { startSmeeRelays } from './smee-relay';
import { WebhookSecrets } from './webhook-secrets';

declare module 'fastify' {
  interface FastifyInstance {
    github: {
      loop: GithubLoop;
      inbox: WebhookInbox;
      secrets: WebhookSecrets;
      checks: CheckPolicy;
      checkStore: CheckStore;
    };
  }
}

export interface GithubResourceOptions {
  dataDir: string;
  logger: Logger;
  selfUrl(): string;
  /** How often the reconciler looks for PRs no webhook confirmed. */
  tickMs: number;
}

/**
 * The `github` resource: the durable webhook inbox, the loop that processes it and polls what webhooks did not
 * confirm, and the smee.io relays. Started when the daemon is ready; stopped (waiting for work under way) on close.
 */
export const githubResource = fp<GithubResourceOptions>(
  async (app, opts) => {
    const inbox = new WebhookInbox(app.db);
    const checkStore = new CheckStore(app.db);
    const checks = new CheckPolicy({
      store: checkStore,
      bus: app.bus,
      logger: opts.logger,
      notify: (project, n) => app.reactions.notify(project, n),
    });
    const loop = new GithubLoop({
      sessions: app.sessions,
      projects: app.projects,
      reactions: app.reactions,
      inbox,
      checks,
      logger: opts.logger,
      onReviews: (id, reviews, head) => app.insights.outcomes.onReviews(id, reviews, head),
    });
    const secrets = new WebhookSecrets(opts.dataDir, app.projects);
    app.decorate('github', { loop, inbox, secrets, checks, checkStore });
    let stopSmee: (() => Promise<void>) | null = null;
    app.addHook('onReady', async () => loop.start(opts.tickMs));
    // Relays post to the daemon's own URL: known once it listens.
    app.addHook('onListen', async () => {
      stopSmee = startSmeeRelays({
        projects: app.projects,
        bus: app.bus,
        logger: opts.logger,
        selfUrl: opts.selfUrl,
      });
    });
    app.addHook('onClose', async () => {
      await loop.stop();
      await stopSmee?.();
    });
  },
  { name: 'github', dependencies: ['db', 'bus', 'projects', 'sessions', 'reactions', 'insights'] },
);
