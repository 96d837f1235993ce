import { sessionIdSchema } from '@ao/shared/ids';
import { z } from 'zod';
import { defineTool } from '../tool';

export const recordReflection = defineTool({
  name: 'record_reflection',
  title: 'Reflect on a finished session',
  description:
    'Adds your reflection to the retrospective of a session that ended (the wake digest names it; get_session gives ' +
    'its facts): what went well, what cost cycles, in a few sentences. Optionally at most one lesson for future ' +
    'sessions of the project ("run npm run lint before pushing"): it is proposed to the human, who accepts, edits or ' +
    'rejects it. Once per session.',
  audience: 'fleet',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: {
    session: sessionIdSchema.describe('the session that ended'),
    reflection: z.string().trim().min(1).max(2000).describe('what went well and what cost cycles'),
    lesson: z
      .object({
        text: z.string().trim().min(1).max(300).describe('the lesson, one imperative sentence'),
        reason: z.string().trim().min(1).max(500).describe('the evidence from this session'),
      })
      .optional()
      .describe('at most one lesson to propose to the human'),
  },
  run(ctx, args) {
    const retro = ctx.retros.reflect(args.session, args.reflection, args.lesson ?? null);
    return { session: retro.sessionId, lessonId: retro.lessonId };
  },
});
