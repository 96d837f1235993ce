import { sessionIdSchema } from '@ao/shared/ids';
import type { FastifyInstance } from 'fastify';
import { AoError, sessionNotFound } from '@ao/shared/errors';
import { safeEqual } from '../http/token';
import type { Services } from '../services';
import { applyObservation } from '../sessions/apply-observation';
import { pluginsOf } from '../sessions/session-plugins';

/** `POST /api/hooks/:sessionId`: callbacks from agents (Claude Code hooks, Codex notify), with a per-session secret. */
export function hookRoutes(app: FastifyInstance, s: Services): void {
  const warned = new Set<string>();
  const warnOnce = (key: string, msg: string, obj: object) => {
    if (warned.has(key)) return;
    warned.add(key);
    s.logger.warn(obj, msg);
  };

  app.post('/api/hooks/:sessionId', async (req, reply) => {
    const { sessionId } = req.params as { sessionId: string };
    if (!sessionIdSchema.safeParse(sessionId).success) throw sessionNotFound(String(sessionId).slice(0, 60));
    const row = s.store.find(sessionId);
    if (!row) {
      warnOnce(`unknown:${sessionId}`, 'hook call for an unknown session', { sessionId });
      throw sessionNotFound(sessionId);
    }
    const secret = req.headers['x-ao-hook-secret'];
    if (typeof secret !== 'string' || !safeEqual(secret, row.hookSecret)) {
      warnOnce(`secret:${sessionId}`, 'hook call with a wrong secret, ignored', { sessionId });
      throw new AoError('unauthorized', 'wrong hook secret');
    }
    const { agent } = pluginsOf(s, row);
    const observation = agent.onHook?.(req.body) ?? null;
    if (observation) applyObservation(s, sessionId, observation);
    return reply.code(204).send();
  });
}
