import type { Logger } from '@ao/shared/plugin';
import fp from 'fastify-plugin';
import { WebhookInbox } from '../webhooks';
import { GithubLoop } from './github-loop';
import { startSmeeRelays } from './smee-relay';
import { WebhookSecrets } from './webhook-secrets';

declare module 'fastify' {
  interface FastifyInstance {
    github: { loop: GithubLoop; inbox: WebhookInbox; secrets: WebhookSecrets };
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
    const loop = new GithubLoop({
      sessions: app.sessions,
      projects: app.projects,
      reactions: app.reactions,
      inbox,
      logger: opts.logger,
      onReviews: (id, reviews, head) => app.insights.outcomes.onReviews(id, reviews, head),
    });
    app.decorate('github', { loop, inbox, secrets: new WebhookSecrets(opts.dataDir, app.projects) });
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
