import { z } from 'zod';
import { projectIdSchema } from './ids';

/**
 * Questions a person asks the orchestrator (`ao ask`, chat-ops free text): stored, handed to the orchestrator as a
 * wake, answered by it with the `answer_human` MCP tool.
 */
export const questionSchema = z.object({
  id: z.number().int(),
  project: z.string(),
  text: z.string(),
  /** Who asked: `cli`, `dashboard`, `slack:U123`, `telegram:42`. */
  from: z.string(),
  askedAt: z.string(),
  /** The answer so far (parts sent with `final: false` are kept while more follows). */
  answer: z.string().nullable(),
  /** When the last part came; null while the answer is incomplete. */
  answeredAt: z.string().nullable(),
});
export type Question = z.infer<typeof questionSchema>;

/** `POST /api/ask`. */
export const askBodySchema = z
  .object({
    question: z.string().trim().min(1).max(4000).describe('the question for the orchestrator'),
    project: projectIdSchema
      .optional()
      .describe('the project whose orchestrator answers (default: the first running)'),
  })
  .strict();
export type AskBody = z.infer<typeof askBodySchema>;

/** An answer may come in parts, at most this long in all. */
export const ANSWER_MAX_CHARS = 32_000;

export const questionEventPayloadSchemas = {
  /** A person asked the orchestrator a question. */
  'question.asked': z.object({ question: questionSchema }),
  /** The orchestrator sent a part of its answer (`answer_human` with `final: false`); more follows. */
  'question.progress': z.object({ question: questionSchema, part: z.string() }),
  /** The orchestrator answered it (`answer_human`; `question.answer` holds every part). */
  'question.answered': z.object({ question: questionSchema }),
} as const;
