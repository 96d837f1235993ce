import { createHmac } from 'node:crypto';
import type { Notification, Notifier, PluginModule } from '@ao/shared/plugin';
import { z } from 'zod';
import { postWithRetry } from './post-with-retry';

const configSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).describe('Where to POST each notification as JSON'),
    secret: z
      .string()
      .min(16)
      .describe('HMAC-SHA256 key; the body is signed in X-Ao-Signature: sha256=<hex>'),
    headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers'),
    attempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(4)
      .describe('Tries on 5xx/network errors, the first included'),
    baseDelayMs: z.number().int().min(0).max(60_000).default(1000),
    maxDelayMs: z.number().int().min(0).max(600_000).default(30_000),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict();
export type WebhookNotifierConfig = z.output<typeof configSchema>;

/** `X-Ao-Signature` for a body: receivers recompute it with the shared secret and compare in constant time. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function webhookPayload(n: Notification, sentAt: string) {
  return {
    type: 'ao.notification',
    id: n.id,
    priority: n.priority,
    title: n.title,
    body: n.body,
    url: n.url ?? null,
    sessionId: n.sessionId ?? null,
    sentAt,
  };
}

/** POSTs each notification as signed JSON to a URL of the user's, with bounded retries. */
export const notifierWebhook = {
  manifest: { name: 'webhook', slot: 'notifier', description: 'Signed JSON POST to any URL' },
  configSchema,
  create(config, ctx): Notifier {
    return {
      async send(n) {
        const body = JSON.stringify(webhookPayload(n, new Date().toISOString()));
        const headers = {
          ...config.headers,
          'content-type': 'application/json',
          'user-agent': 'ao-notifier',
          'x-ao-notification-id': n.id,
          'x-ao-signature': signBody(config.secret, body),
        };
        await postWithRetry(config.url, body, headers, config, ctx.logger);
      },
    };
  },
} satisfies PluginModule<'notifier', typeof configSchema>;
