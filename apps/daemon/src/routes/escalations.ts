import { escalationsQuerySchema, resolveEscalationBodySchema } from '@ao/shared/escalations';
import { escalationSchema } from '@ao/shared/events-mcp';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';

const params = z.object({ id: z.coerce.number().int().positive().describe('escalation id') });
const listReply = z.object({ escalations: z.array(escalationSchema) });
const oneReply = z.object({ escalation: escalationSchema });

/**
 * `GET /api/escalations?state=open|all`: decisions the orchestrator handed to the human, newest first.
 * `POST /api/escalations/:id/resolve` `{decision: accept|reject|answer, text?}`: accept carries out the recommended
 * action (if it names one); 409 when already resolved; the orchestrator is told when one runs.
 */
export async function escalationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/escalations',
    { schema: { querystring: escalationsQuerySchema, response: { 200: listReply } } },
    async (req) => ({ escalations: app.escalations.list(req.query.state, req.query.limit) }),
  );
  r.post(
    '/api/escalations/:id/resolve',
    { schema: { params, body: resolveEscalationBodySchema, response: { 200: oneReply } } },
    async (req) => {
      // The CLI and scripts use the bearer token; the dashboard its login cookie.
      const by = req.headers.authorization ? 'api' : 'dashboard';
      return { escalation: await app.escalations.resolve(req.params.id, req.body, by) };
    },
  );
}
