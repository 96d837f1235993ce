import { projectIdSchema } from '@ao/shared/ids';
import { reportSchema } from '@ao/shared/report';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';

const reportQuery = z
  .object({
    since: z
      .string()
      .max(40)
      .optional()
      .describe('A duration back from now (7d, 12h, 2w) or an ISO date; default 7d'),
    project: projectIdSchema.optional(),
    sessions: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('Also list the sessions of the period, newest first, at most this many'),
  })
  .strict();

/** `GET /api/report`: what the fleet did over a period (sessions, PRs, commits, models, reviews, CI), from rows and git. */
export async function reportRoutes(app: FastifyInstance): Promise<void> {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/api/report',
      { schema: { querystring: reportQuery, response: { 200: reportSchema } } },
      async (req) =>
        app.insights.report.report({
          since: req.query.since,
          project: req.query.project,
          sessions: req.query.sessions,
        }),
    );
}
