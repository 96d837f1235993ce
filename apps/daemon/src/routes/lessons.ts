import { AoError, badRequest } from '@ao/shared/errors';
import { projectIdSchema } from '@ao/shared/ids';
import { addLessonBodySchema, decideLessonBodySchema, lessonSchema, retroSchema } from '@ao/shared/lessons';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';

const listQuery = z
  .object({
    project: projectIdSchema.optional(),
    all: z.enum(['0', '1', 'true', 'false']).optional().describe('Rejected lessons too'),
  })
  .strict();
const idParams = z.object({ id: z.coerce.number().int().positive() });
const lessonReply = z.object({ lesson: lessonSchema });

/**
 * Lessons per project (DESIGN.md §12): list, add by hand, accept (maybe edited) or reject a proposal; and a finished
 * session's retrospective.
 */
export async function lessonRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { lessons, retros } = app.insights;

  r.get(
    '/api/lessons',
    { schema: { querystring: listQuery, response: { 200: z.object({ lessons: z.array(lessonSchema) }) } } },
    async (req) => {
      if (req.query.project) app.projects.get(req.query.project); // 404 for a project ao does not know
      const all = req.query.all === '1' || req.query.all === 'true';
      return { lessons: lessons.list({ project: req.query.project, all }) };
    },
  );

  r.post(
    '/api/lessons',
    { schema: { body: addLessonBodySchema, response: { 201: lessonReply } } },
    async (req, reply) => {
      const project = req.body.project ?? onlyProject(app);
      app.projects.get(project);
      const lesson = lessons.create({ project, text: req.body.text, source: 'human' }, { by: 'human' });
      return reply.code(201).send({ lesson });
    },
  );

  for (const [verb, state] of [
    ['accept', 'accepted'],
    ['reject', 'rejected'],
  ] as const) {
    r.post(
      `/api/lessons/:id/${verb}`,
      {
        schema: { params: idParams, body: decideLessonBodySchema.optional(), response: { 200: lessonReply } },
      },
      async (req) => {
        const body = req.body ?? {};
        const lesson = lessons.decide(req.params.id, state, { text: body.text, by: body.by ?? 'human' });
        return { lesson };
      },
    );
  }

  r.get(
    '/api/sessions/:id/retro',
    {
      schema: {
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: z.object({ retro: retroSchema }) },
      },
    },
    async (req) => {
      const retro = retros.get(req.params.id);
      if (!retro) throw new AoError('not_found', `no retrospective for ${req.params.id} (it has not ended)`);
      return { retro };
    },
  );
}

/** The project a request without one means: the only one loaded, else the caller must say. */
function onlyProject(app: FastifyInstance): string {
  const loaded = app.projects.loadedAll();
  if (loaded.length === 1 && loaded[0]) return loaded[0].id;
  throw badRequest(`project: ${loaded.length} projects are loaded; say which one`, 'project');
}
