import { createSessionBodySchema, killBodySchema, sendBodySchema } from '@ao/shared/api';
import { sessionIdSchema } from '@ao/shared/ids';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse } from '../http/parse';
import type { Services } from '../services';
import { approvePrompt } from '../sessions/approve-prompt';
import { deliverMessage } from '../sessions/deliver-message';
import { killSession } from '../sessions/kill-session';
import { restoreSession } from '../sessions/restore-session';
import { pluginsOf, sessionLogOf } from '../sessions/session-plugins';
import { handleOf } from '../sessions/session-row';
import { spawnSession } from '../sessions/spawn-session';
import { tailFile } from '../util/tail-file';

const idParams = z.object({ id: sessionIdSchema });
const listQuery = z.object({ project: z.string().optional() });
const outputQuery = z.object({ lines: z.coerce.number().int().min(1).max(10_000).default(200) });
const logQuery = z.object({
  bytes: z.coerce
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024)
    .default(65_536),
});

export function sessionRoutes(app: FastifyInstance, s: Services): void {
  app.get('/api/sessions', async (req) => {
    const { project } = parse(listQuery, req.query, 'query');
    return { sessions: s.store.list(project) };
  });

  app.get('/api/sessions/:id', async (req) => {
    const { id } = parse(idParams, req.params, 'id');
    return { session: s.store.get(id) };
  });

  app.post('/api/sessions', async (req, reply) => {
    const body = parse(createSessionBodySchema, req.body);
    const session = await spawnSession(s, body);
    return reply.code(201).send({ session });
  });

  app.post('/api/sessions/:id/send', async (req) => {
    const { id } = parse(idParams, req.params, 'id');
    const { message } = parse(sendBodySchema, req.body);
    return { delivery: await deliverMessage(s, id, message) };
  });

  app.post('/api/sessions/:id/kill', async (req) => {
    const { id } = parse(idParams, req.params, 'id');
    return { session: await killSession(s, id, parse(killBodySchema, req.body)) };
  });

  app.post('/api/sessions/:id/restore', async (req) => {
    const { id } = parse(idParams, req.params, 'id');
    return { session: await restoreSession(s, id) };
  });

  app.post('/api/sessions/:id/approve', async (req) => {
    const { id } = parse(idParams, req.params, 'id');
    return { session: await approvePrompt(s, id) };
  });

  app.get('/api/sessions/:id/output', async (req) => {
    const { id } = parse(idParams, req.params, 'id');
    const { lines } = parse(outputQuery, req.query, 'query');
    const row = s.store.row(id);
    const handle = handleOf(row);
    if (!handle) return { text: '' };
    return { text: await pluginsOf(s, row).runtime.capture(handle, lines) };
  });

  app.get('/api/sessions/:id/attach', async (req) => {
    const { id } = parse(idParams, req.params, 'id');
    const row = s.store.row(id);
    const handle = handleOf(row);
    const live = row.status === 'running' && handle;
    return { command: live ? pluginsOf(s, row).runtime.attachCommand(handle) : null, live: Boolean(live) };
  });

  app.get('/api/sessions/:id/log', async (req, reply) => {
    const { id } = parse(idParams, req.params, 'id');
    const { bytes } = parse(logQuery, req.query, 'query');
    s.store.row(id);
    return reply.type('text/plain; charset=utf-8').send(tailFile(sessionLogOf(s, id), bytes));
  });
}
