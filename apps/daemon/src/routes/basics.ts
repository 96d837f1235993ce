import { join } from 'node:path';
import { addProjectBodySchema, healthReplySchema, projectsReplySchema } from '@ao/shared/api';
import { AoError } from '@ao/shared/errors';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { COOKIE } from '../http/guard';
import { safeEqual } from '../http/token';
import type { ZodTypeProvider } from '../http/zod-schemas';
import { tailFile } from '../util/tail-file';

const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/' } as const;
const loginBody = z.object({ token: z.string().min(1).max(200) }).strict();
const loginQuery = z.object({ token: z.string().max(200).default('') });
const bytesQuery = z.object({
  bytes: z.coerce
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024)
    .default(65_536),
});
const okReply = z.object({ ok: z.literal(true) });
const projectReply = z.object({ project: projectsReplySchema.shape.projects.element });

export interface BasicRoutesOptions {
  token: string;
  version: string;
  dataDir: string;
}

/** Health, login/logout, projects and the daemon log. */
export async function basicRoutes(app: FastifyInstance, opts: BasicRoutesOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/health', { schema: { response: { 200: healthReplySchema } } }, async () => ({
    ok: true as const,
    version: opts.version,
  }));

  r.get('/api/auth/login', { schema: { querystring: loginQuery } }, async (req, reply) => {
    if (!safeEqual(req.query.token, opts.token))
      throw new AoError('unauthorized', 'wrong token in the login URL');
    return reply.setCookie(COOKIE, opts.token, cookieOptions).redirect('/', 303);
  });

  r.post('/api/auth/login', { schema: { body: loginBody } }, async (req, reply) => {
    if (!safeEqual(req.body.token.trim(), opts.token)) throw new AoError('unauthorized', 'wrong token');
    return reply.setCookie(COOKIE, opts.token, cookieOptions).code(204).send();
  });

  r.post('/api/auth/logout', async (_req, reply) =>
    reply.clearCookie(COOKIE, { path: '/' }).code(204).send(),
  );

  r.get('/api/auth/me', { schema: { response: { 200: okReply } } }, async () => ({ ok: true as const }));

  r.get('/api/projects', { schema: { response: { 200: projectsReplySchema } } }, async () => ({
    projects: app.projects.list(),
  }));

  r.post(
    '/api/projects',
    { schema: { body: addProjectBodySchema, response: { 201: projectReply } } },
    async (req, reply) => reply.code(201).send({ project: await app.projects.add(req.body.configPath) }),
  );

  r.get('/api/log', { schema: { querystring: bytesQuery } }, async (req, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .send(tailFile(join(opts.dataDir, 'logs', 'daemon.log'), req.query.bytes)),
  );
}
