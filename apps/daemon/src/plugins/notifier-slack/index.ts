import type { Notifier, PluginModule } from '@ao/shared/plugin';
import { z } from 'zod';
import { postWithRetry } from '../notifier-webhook/post-with-retry';
import { slackMessage } from './blocks';

const configSchema = z
  .object({
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .describe('Slack incoming webhook URL (https://hooks.slack.com/...)'),
    attempts: z.number().int().min(1).max(10).default(3),
    baseDelayMs: z.number().int().min(0).max(60_000).default(1000),
    maxDelayMs: z.number().int().min(0).max(600_000).default(30_000),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict();

/** Posts notifications to a Slack channel through an incoming webhook. */
export const notifierSlack = {
  manifest: { name: 'slack', slot: 'notifier', description: 'Slack incoming webhook' },
  configSchema,
  create(config, ctx): Notifier {
    return {
      async send(n) {
        const body = JSON.stringify(slackMessage(n));
        await postWithRetry(
          config.webhookUrl,
          body,
          { 'content-type': 'application/json' },
          config,
          ctx.logger,
        );
      },
    };
  },
} satisfies PluginModule<'notifier', typeof configSchema>;
