import { AoError, sessionNotFound } from '@ao/shared/errors';
import { sessionIdSchema } from '@ao/shared/ids';
import type { Logger } from '@ao/shared/plugin';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MIRROR_BODY_LIMIT, mirrorBodySchema } from '../forwarder/mirror-body';
import { mirrorChunk } from '../forwarder/mirror-file';
import { safeEqual } from '../http/token';
import type { ZodTypeProvider } from '../http/zod-schemas';

const params = z.object({ sessionId: z.string().max(200) });
const headers = z.object({ 'x-ao-hook-secret': z.string().max(200).optional() }).passthrough();

/** `POST /api/hooks/:sessionId` (+ `/files`): callbacks from agents (Claude Code hooks, Codex notify), with a per-session secret. */
export async function hookRoutes(app: FastifyInstance, opts: { logger: Logger }): Promise<void> {
  const warned = new Set<string>();
  const warnOnce = (key: string, msg: string, obj: object) => {
    if (warned.has(key) || warned.size > 1000) return;
    warned.add(key);
    opts.logger.warn(obj, msg);
  };
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = (sessionId: string, secret: unknown): void => {
    if (!sessionIdSchema.safeParse(sessionId).success) throw sessionNotFound(sessionId.slice(0, 60));
    const row = app.sessions.find(sessionId);
    if (!row) {
      warnOnce(`unknown:${sessionId}`, 'hook call for an unknown session', { sessionId });
      throw sessionNotFound(sessionId);
    }
    if (typeof secret !== 'string' || !safeEqual(secret, row.hookSecret)) {
      warnOnce(`secret:${sessionId}`, 'hook call with a wrong secret, ignored', { sessionId });
      throw new AoError('unauthorized', 'wrong hook secret');
    }
  };
  r.post('/api/hooks/:sessionId', { schema: { params, headers, body: z.unknown() } }, async (req, reply) => {
    const { sessionId } = req.params;
    auth(sessionId, req.headers['x-ao-hook-secret']);
    app.sessions.hook(sessionId, req.body);
    return reply.code(204).send();
  });
  // A forwarder beside a remote agent mirrors the agent's transcript/status files here (confined to what it declares).
  r.post(
    '/api/hooks/:sessionId/files',
    { schema: { params, headers, body: mirrorBodySchema }, bodyLimit: MIRROR_BODY_LIMIT },
    async (req) => {
      const { sessionId } = req.params;
      auth(sessionId, req.headers['x-ao-hook-secret']);
      return mirrorChunk(app.sessions.forwardRules(sessionId), req.body);
    },
  );
}
