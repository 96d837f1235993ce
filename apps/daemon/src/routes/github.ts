import { sessionReplySchema } from '@ao/shared/api';
import { AoError } from '@ao/shared/errors';
import { projectIdSchema, sessionIdSchema } from '@ao/shared/ids';
import type { Logger } from '@ao/shared/plugin';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';
import { receiveWebhook, SUBSCRIBED_EVENTS } from '../webhooks';

const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;
const mergeBody = z.object({ method: z.enum(['squash', 'merge', 'rebase']).optional() }).strict();
const idParams = z.object({ id: sessionIdSchema });
const projectParams = z.object({ id: projectIdSchema });
const webhookReply = z.object({
  ok: z.literal(true),
  kind: z.string().optional(),
  duplicate: z.boolean().optional(),
});
const webhookInfoReply = z.object({
  path: z.string(),
  secret: z.string(),
  contentType: z.string(),
  events: z.array(z.string()),
});
const issuesReply = z.object({
  issues: z.array(
    z.object({
      number: z.number(),
      key: z.string().optional(),
      title: z.string(),
      url: z.string().nullable(),
      labels: z.array(z.string()),
    }),
  ),
});

/** GitHub: the webhook receiver, how to configure it, merging a session's PR, a project's open issues. */
export async function githubRoutes(app: FastifyInstance, opts: { logger: Logger }): Promise<void> {
  const { github } = app;
  // Webhooks are verified on the raw bytes: this scope parses JSON bodies as Buffers.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      '/api/webhooks/github',
      { bodyLimit: MAX_WEBHOOK_BYTES, schema: { response: { 200: webhookReply, 202: webhookReply } } },
      async (req, reply) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.from(String(req.body ?? ''));
        let result: Awaited<ReturnType<typeof receiveWebhook>> | null = null;
        for (const secret of github.secrets.all()) {
          const input = { rawBody, headers: req.headers, secret, maxBytes: MAX_WEBHOOK_BYTES };
          result = await receiveWebhook(input, github.inbox);
          if (result.ok || result.code !== 'bad_signature') break;
        }
        if (!result) throw new AoError('internal', 'no webhook secret');
        if (!result.ok) {
          opts.logger.warn(
            { code: result.code, delivery: req.headers['x-github-delivery'] },
            'webhook rejected',
          );
          throw new AoError(result.code, result.message);
        }
        if (result.duplicate) return reply.code(200).send({ ok: true, duplicate: true });
        // Recorded with its fact: answered now, processed from the inbox right after (GitHub waits 10 s at most).
        setImmediate(() => github.loop.wake());
        return reply.code(202).send({ ok: true, kind: result.fact.kind });
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/github/webhook', { schema: { response: { 200: webhookInfoReply } } }, async () => ({
    path: '/api/webhooks/github',
    secret: github.secrets.all()[0] ?? '',
    contentType: 'application/json',
    events: [...SUBSCRIBED_EVENTS],
  }));

  r.post(
    '/api/sessions/:id/merge',
    { schema: { params: idParams, body: mergeBody, response: { 200: sessionReplySchema } } },
    async (req) => ({ session: await app.sessions.merge(req.params.id, req.body.method) }),
  );

  r.get(
    '/api/projects/:id/issues',
    { schema: { params: projectParams, response: { 200: issuesReply } } },
    async (req) => {
      const { repo, tracker } = app.projects.trackerOf(req.params.id);
      const issues = await tracker.listOpen(repo);
      return {
        issues: issues.map(({ number, key, title, url, labels }) => ({ number, key, title, url, labels })),
      };
    },
  );
}
