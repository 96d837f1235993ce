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
  answer: z.string().nullable(),
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

export const questionEventPayloadSchemas = {
  /** A person asked the orchestrator a question. */
  'question.asked': z.object({ question: questionSchema }),
  /** The orchestrator answered it (`answer_human`). */
  'question.answered': z.object({ question: questionSchema }),
} as const;
