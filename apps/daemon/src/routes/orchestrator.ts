import { orchestratorStatusSchema } from '@ao/shared/config-orchestrator';
import { projectIdSchema } from '@ao/shared/ids';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';

const listReply = z.object({ orchestrators: z.array(orchestratorStatusSchema) });
const oneReply = z.object({ orchestrator: orchestratorStatusSchema });
const body = z
  .object({ project: projectIdSchema.optional().describe('the project (default: the only one)') })
  .strict();

/**
 * `GET /api/orchestrator`: each orchestrator's state (running, stopped, budget_spent), wakes and tokens against their
 * budgets, pending triggers. `POST /api/orchestrator/start|stop`: start (or restore) / stop a project's orchestrator.
 */
export async function orchestratorRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/orchestrator', { schema: { response: { 200: listReply } } }, async () => ({
    orchestrators: app.orchestrator.status(),
  }));
  r.post('/api/orchestrator/start', { schema: { body, response: { 200: oneReply } } }, async (req) => ({
    orchestrator: await app.orchestrator.start(req.body.project),
  }));
  r.post('/api/orchestrator/stop', { schema: { body, response: { 200: oneReply } } }, async (req) => ({
    orchestrator: await app.orchestrator.stop(req.body.project),
  }));
}
