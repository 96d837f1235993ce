import { mergeQueueQuerySchema, mergeQueueReplySchema } from '@ao/shared/api-merge-queue';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '../http/zod-schemas';

/** `GET /api/merge-queue[?project=id]`: per project, the merge queue's order and why each PR waits. */
export async function mergeQueueRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/merge-queue',
    { schema: { querystring: mergeQueueQuerySchema, response: { 200: mergeQueueReplySchema } } },
    async (req) => {
      const { project } = req.query;
      const projects = project ? [app.projects.get(project)] : app.projects.loadedAll();
      return { projects: projects.map((p) => app.mergeQueue.view(p)) };
    },
  );
}
