import { join } from 'node:path';
import { projectIdSchema, sessionIdSchema } from '@ao/shared/ids';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AoError, badRequest } from '@ao/shared/errors';
import { parse } from '../http/parse';
import type { Services } from '../services';
import { mergeSession } from '../sessions/merge-session';
import { receiveWebhook, resolveWebhookSecret, SqliteDeliveryLog, SUBSCRIBED_EVENTS } from '../webhooks';

const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;
const mergeBody = z.object({ method: z.enum(['squash', 'merge', 'rebase']).optional() }).strict();

/** The daemon's webhook secret (generated once, 0600) plus any secret a project configures. */
function secrets(s: Services): string[] {
  const own = resolveWebhookSecret(undefined, join(s.options.dataDir, 'webhook-secret'));
  const configured = s.projects
    .loadedAll()
    .flatMap((p) => (p.config.github.webhookSecret ? [p.config.github.webhookSecret] : []));
  return [...new Set([own, ...configured])];
}

export function githubRoutes(app: FastifyInstance, s: Services): void {
  // Webhooks are verified on the raw bytes: this scope parses JSON bodies as Buffers.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.post('/api/webhooks/github', { bodyLimit: MAX_WEBHOOK_BYTES }, async (req, reply) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.from(String(req.body ?? ''));
      const log = new SqliteDeliveryLog(s.db);
      let result: Awaited<ReturnType<typeof receiveWebhook>> | null = null;
      for (const secret of secrets(s)) {
        result = await receiveWebhook(
          { rawBody, headers: req.headers, secret, maxBytes: MAX_WEBHOOK_BYTES },
          log,
        );
        if (result.ok || result.code !== 'bad_signature') break;
      }
      if (!result) throw new AoError('internal', 'no webhook secret');
      if (!result.ok) {
        s.logger.warn({ code: result.code, delivery: req.headers['x-github-delivery'] }, 'webhook rejected');
        return reply.code(result.status).send({ error: { code: result.code, message: result.message } });
      }
      if (result.duplicate) return reply.code(200).send({ ok: true, duplicate: true });
      const sessions = await s.github.onFact(result.fact);
      return reply.code(202).send({ ok: true, kind: result.fact.kind, sessions });
    });
  });

  app.get('/api/github/webhook', async () => ({
    path: '/api/webhooks/github',
    secret: secrets(s)[0],
    contentType: 'application/json',
    events: SUBSCRIBED_EVENTS,
  }));

  app.post('/api/sessions/:id/merge', async (req) => {
    const { id } = parse(z.object({ id: sessionIdSchema }), req.params, 'id');
    const { method } = parse(mergeBody, req.body);
    return { session: await mergeSession(s, id, method) };
  });

  app.get('/api/projects/:id/issues', async (req) => {
    const { id } = parse(z.object({ id: projectIdSchema }), req.params, 'id');
    const project = s.projects.get(id);
    const { tracker: name, project: p } = project.config;
    if (name === 'none')
      throw badRequest(`project ${id} has no tracker (set tracker: github in ao.config.yaml)`, 'tracker');
    if (!p.repo) throw badRequest(`project ${id} has no project.repo`, 'repo');
    const tracker = s.registry.create('tracker', name, s.projects.settings(project, 'tracker', name));
    const issues = await tracker.listOpen(p.repo);
    return { issues: issues.map(({ number, title, url, labels }) => ({ number, title, url, labels })) };
  });
}
