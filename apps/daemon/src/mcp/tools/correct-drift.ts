import { sessionIdSchema } from '@ao/shared/ids';
import { z } from 'zod';
import { defineTool } from '../tool';

export const correctDrift = defineTool({
  name: 'correct_drift',
  title: 'Correct a worker that drifted',
  description:
    'After a drift check (the digest names the session), when the work no longer matches its task: sends the worker ' +
    'a short correction (what to do instead, and why, from the task text) and records it. The project caps ' +
    'corrections per session; when the work still matches, do not call it.',
  audience: 'fleet',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: {
    session: sessionIdSchema.describe('the worker session'),
    text: z.string().trim().min(1).max(2000).describe('the correction, addressed to the worker'),
  },
  async run(ctx, args) {
    return ctx.drift.correct(args.session, args.text);
  },
});
