import {
  createSessionBodySchema,
  killBodySchema,
  messagesReplySchema,
  sendBodySchema,
  sendReplySchema,
  sessionReplySchema,
  sessionsReplySchema,
} from '@ao/shared/api';
import { projectIdSchema, sessionIdSchema } from '@ao/shared/ids';
import type { Session } from '@ao/shared/session';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';
import { sessionLogOf } from '../sessions/session-plugins';
import { tailFile } from '../util/tail-file';

const idParams = z.object({ id: sessionIdSchema });
const listQuery = z.object({ project: projectIdSchema.optional() });
const outputQuery = z.object({ lines: z.coerce.number().int().min(1).max(10_000).default(200) });
const logQuery = z.object({
  bytes: z.coerce
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024)
    .default(65_536),
});
const outputReply = z.object({ text: z.string() });
const attachReply = z.object({ command: z.array(z.string()).nullable(), live: z.boolean() });

/** Sessions: list, one, spawn, send, messages, kill, restore, approve, output, attach command, terminal log. */
export async function sessionRoutes(app: FastifyInstance, opts: { dataDir: string }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { sessions } = app;

  r.get(
    '/api/sessions',
    { schema: { querystring: listQuery, response: { 200: sessionsReplySchema } } },
    async (req, reply) => {
      // The whole fleet is sent as kept between writes: no row read, mapping or serializing per request.
      if (req.query.project === undefined)
        return reply
          .type('application/json; charset=utf-8')
          .send(`{"sessions":${sessions.listJson()}}` as unknown as { sessions: Session[] });
      return { sessions: sessions.list(req.query.project) };
    },
  );

  r.get(
    '/api/sessions/:id',
    { schema: { params: idParams, response: { 200: sessionReplySchema } } },
    async (req) => ({
      session: sessions.get(req.params.id),
    }),
  );

  r.post(
    '/api/sessions',
    { schema: { body: createSessionBodySchema, response: { 201: sessionReplySchema } } },
    async (req, reply) => reply.code(201).send({ session: await sessions.spawn(req.body) }),
  );

  r.post(
    '/api/sessions/:id/send',
    { schema: { params: idParams, body: sendBodySchema, response: { 200: sendReplySchema } } },
    async (req) => ({ delivery: await sessions.send(req.params.id, req.body.message) }),
  );

  r.get(
    '/api/sessions/:id/messages',
    { schema: { params: idParams, response: { 200: messagesReplySchema } } },
    async (req) => ({ messages: sessions.messages(req.params.id) }),
  );

  r.post(
    '/api/sessions/:id/kill',
    { schema: { params: idParams, body: killBodySchema, response: { 200: sessionReplySchema } } },
    async (req) => ({ session: await sessions.kill(req.params.id, req.body) }),
  );

  r.post(
    '/api/sessions/:id/restore',
    { schema: { params: idParams, response: { 200: sessionReplySchema } } },
    async (req) => ({ session: await sessions.restore(req.params.id) }),
  );

  r.post(
    '/api/sessions/:id/approve',
    { schema: { params: idParams, response: { 200: sessionReplySchema } } },
    async (req) => ({ session: await sessions.approve(req.params.id) }),
  );

  r.get(
    '/api/sessions/:id/output',
    { schema: { params: idParams, querystring: outputQuery, response: { 200: outputReply } } },
    async (req) => ({ text: await sessions.output(req.params.id, req.query.lines) }),
  );

  r.get(
    '/api/sessions/:id/attach',
    { schema: { params: idParams, response: { 200: attachReply } } },
    async (req) => sessions.attach(req.params.id),
  );

  r.get(
    '/api/sessions/:id/log',
    { schema: { params: idParams, querystring: logQuery } },
    async (req, reply) => {
      sessions.get(req.params.id);
      return reply
        .type('text/plain; charset=utf-8')
        .send(tailFile(sessionLogOf(opts.dataDir, req.params.id), req.query.bytes));
    },
  );
}
