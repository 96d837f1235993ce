import { askBodySchema, questionSchema } from '@ao/shared/questions';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';
import { askOrchestrator } from '../orchestrator/ask-orchestrator';

const reply = z.object({ question: questionSchema });
const params = z.object({ id: z.coerce.number().int().min(1).describe('the question number') }).strict();
const query = z
  .object({
    waitSec: z.coerce
      .number()
      .int()
      .min(0)
      .max(120)
      .default(0)
      .describe('wait this long for the answer (long poll)'),
  })
  .strict();

/**
 * `POST /api/ask`: a question for the orchestrator (`ao ask`); 409 when none runs. `GET /api/questions/:id`: the
 * question and its answer, waiting up to `waitSec` for it.
 */
export async function askRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const questions = app.mcp.records.questions;
  r.post('/api/ask', { schema: { body: askBodySchema, response: { 201: reply } } }, async (req, res) => {
    const question = askOrchestrator(app.orchestrator, questions, {
      project: req.body.project,
      text: req.body.question,
      // The CLI and scripts use the bearer token; the dashboard its login cookie.
      from: req.headers.authorization ? 'cli' : 'dashboard',
    });
    return res.code(201).send({ question });
  });
  r.get(
    '/api/questions/:id',
    { schema: { params, querystring: query, response: { 200: reply } } },
    async (req) => {
      const now = questions.get(req.params.id);
      if (now.answeredAt || req.query.waitSec === 0) return { question: now };
      return { question: (await questions.waitForAnswer(now.id, req.query.waitSec * 1000)) ?? now };
    },
  );
}
