import { join } from 'node:path';
import { addProjectBodySchema } from '@ao/shared/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AoError } from '@ao/shared/errors';
import { COOKIE } from '../http/guard';
import { parse } from '../http/parse';
import { safeEqual } from '../http/token';
import type { Services } from '../services';
import { tailFile } from '../util/tail-file';

const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/' } as const;
const loginBody = z.object({ token: z.string().min(1).max(200) }).strict();

/** Health, login/logout, projects and the daemon log. */
export function basicRoutes(app: FastifyInstance, s: Services): void {
  app.get('/api/health', async () => ({ ok: true as const, version: s.options.version }));

  app.get('/api/auth/login', async (req, reply) => {
    const token = (req.query as { token?: string }).token ?? '';
    if (!safeEqual(token, s.token)) throw new AoError('unauthorized', 'wrong token in the login URL');
    return reply.setCookie(COOKIE, s.token, cookieOptions).redirect('/', 303);
  });

  app.post('/api/auth/login', async (req, reply) => {
    const { token } = parse(loginBody, req.body);
    if (!safeEqual(token.trim(), s.token)) throw new AoError('unauthorized', 'wrong token');
    return reply.setCookie(COOKIE, s.token, cookieOptions).code(204).send();
  });

  app.post('/api/auth/logout', async (_req, reply) =>
    reply.clearCookie(COOKIE, { path: '/' }).code(204).send(),
  );

  app.get('/api/auth/me', async () => ({ ok: true }));

  app.get('/api/projects', async () => ({ projects: s.projects.list() }));

  app.post('/api/projects', async (req, reply) => {
    const { configPath } = parse(addProjectBodySchema, req.body);
    return reply.code(201).send({ project: await s.projects.add(configPath) });
  });

  app.get('/api/log', async (req, reply) => {
    const bytes = Math.min(Number((req.query as { bytes?: string }).bytes) || 65_536, 16 * 1024 * 1024);
    return reply
      .type('text/plain; charset=utf-8')
      .send(tailFile(join(s.options.dataDir, 'logs', 'daemon.log'), bytes));
  });
}
