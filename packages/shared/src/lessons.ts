import { z } from 'zod';

/**
 * Lessons and retrospectives (DESIGN.md §12): a session's retro proposes at most one lesson; the human accepts (maybe
 * edited) or rejects it; accepted lessons are given to new sessions through the agent's system-prompt channel.
 */

export const lessonStateSchema = z.enum(['proposed', 'accepted', 'rejected']);
export type LessonState = z.infer<typeof lessonStateSchema>;

/** The longest lesson text ao keeps (a lesson is one short rule, not a document). */
export const MAX_LESSON_CHARS = 500;

export const lessonSchema = z.object({
  id: z.number().int(),
  project: z.string(),
  /** The text in effect: the edited text once decided with an edit, else as proposed. */
  text: z.string(),
  /** The text as first proposed (differs from `text` when the human edited it). */
  proposedText: z.string(),
  state: lessonStateSchema,
  /** `retro` (proposed from a session's facts), `orchestrator` (its reflection), `human` (added by hand). */
  source: z.enum(['retro', 'orchestrator', 'human']),
  /** The session whose retro proposed it. */
  sessionId: z.string().nullable(),
  /** Why it was proposed (the rule and the facts behind it). */
  reason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
});
export type Lesson = z.infer<typeof lessonSchema>;

export const lessonTextSchema = z
  .string()
  .trim()
  .min(1, 'a lesson needs some text')
  .max(MAX_LESSON_CHARS, `at most ${MAX_LESSON_CHARS} characters`);

/** `POST /api/lessons`: a lesson added by hand (accepted at once: the human wrote it). */
export const addLessonBodySchema = z
  .object({
    project: z.string().min(1).max(100).optional().describe('The project (default: the only one loaded)'),
    text: lessonTextSchema,
  })
  .strict();

/** `POST /api/lessons/:id/accept|reject`: the decision, with the text edited on accept. */
export const decideLessonBodySchema = z
  .object({
    text: lessonTextSchema.optional().describe('The lesson as the human edited it (accept only)'),
    by: z.string().trim().min(1).max(100).optional().describe('Who decided (default: "human")'),
  })
  .strict();

/** The facts of a finished session, as its retro keeps them. */
export const retroFactsSchema = z.object({
  costUsd: z.number(),
  ciRealCycles: z.number().int(),
  ciFlakyCycles: z.number().int(),
  reviewRounds: z.number().int(),
  comments: z.object({ human: z.number().int(), bot: z.number().int(), agent: z.number().int() }),
  escalations: z.number().int(),
  humanMessages: z.number().int(),
  end: z.string(),
  /** From the session's start to its merge, in minutes (null when not merged). */
  minutesToMerge: z.number().nullable(),
  /** Checks that failed (real failures), with how many pushes each failed on. */
  failedChecks: z.array(z.object({ name: z.string(), times: z.number().int() })),
});
export type RetroFacts = z.infer<typeof retroFactsSchema>;

export const retroSchema = z.object({
  sessionId: z.string(),
  project: z.string(),
  facts: retroFactsSchema,
  reflection: z.string().nullable(),
  lessonId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Retro = z.infer<typeof retroSchema>;

/** Sessions on one side of a lesson's acceptance: how many, how many merged with no real CI failure, fix cycles. */
export const effectSideSchema = z.object({
  sessions: z.number().int(),
  firstTry: z.number().int(),
  /** firstTry / sessions (null without sessions). */
  firstTryRate: z.number().nullable(),
  /** Mean real (not flaky) CI fix cycles per session (null without sessions). */
  meanFixCycles: z.number().nullable(),
});

/** An accepted lesson's effect: ended sessions of its project started before vs after it was accepted. */
export const lessonEffectSchema = z.object({
  id: z.number().int(),
  project: z.string(),
  text: z.string(),
  acceptedAt: z.string(),
  before: effectSideSchema,
  after: effectSideSchema,
});
export type LessonEffect = z.infer<typeof lessonEffectSchema>;

export const lessonEventPayloadSchemas = {
  /** A lesson was proposed (by a retro or the orchestrator) or added by hand. */
  'lesson.proposed': z.object({ lesson: lessonSchema }),
  /** The human accepted (maybe edited) or rejected a lesson. */
  'lesson.decided': z.object({ lesson: lessonSchema }),
} as const;
