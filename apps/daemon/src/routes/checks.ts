import { type ClassifiedCheck, checksQuerySchema, checksReplySchema } from '@ao/shared/api-checks';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from '../http/zod-schemas';

/** `GET /api/checks`: failing checks ao classified (flaky, broken-base, real), with why and what it did. */
export async function checkRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/checks',
    { schema: { querystring: checksQuerySchema, response: { 200: checksReplySchema } } },
    async (req) => {
      const { flaky, project } = req.query;
      const projects = project ? [app.projects.get(project)] : app.projects.loadedAll();
      const byRepo = new Map<string, string>();
      for (const p of projects) {
        const repo = p.config.project.repo;
        if (repo && !byRepo.has(repo.toLowerCase())) byRepo.set(repo.toLowerCase(), p.id);
      }
      const rows = app.github.checkStore.list([...byRepo.keys()], {
        flaky: flaky === '1' || flaky === 'true',
      });
      const checks: ClassifiedCheck[] = rows.map((row) => ({ ...row, project: byRepo.get(row.repo) ?? '' }));
      return { checks };
    },
  );
}
