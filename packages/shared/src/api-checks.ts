import { z } from 'zod';
import { checkClassSchema } from './config-checks';
import { projectIdSchema } from './ids';

/** `GET /api/checks?flaky=1&project=<id>`: classified failing checks, newest first. */
export const checksQuerySchema = z
  .object({
    flaky: z.enum(['0', '1', 'true', 'false']).optional().describe('Only the flaky ones'),
    project: projectIdSchema.optional().describe('Only this project (default: every project)'),
  })
  .strict();

export const classifiedCheckSchema = z.object({
  project: z.string(),
  repo: z.string(),
  /** The check's name, as GitHub gave it (data). */
  check: z.string(),
  sha: z.string(),
  branch: z.string().nullable(),
  prNumber: z.number().int().nullable(),
  class: checkClassSchema,
  reason: z.string(),
  /** What ao did: rerun, notified (broken base), held, woke (the agent). */
  action: z.string(),
  decidedAt: z.string(),
  lastSeen: z.string(),
});
export type ClassifiedCheck = z.infer<typeof classifiedCheckSchema>;

export const checksReplySchema = z.object({ checks: z.array(classifiedCheckSchema) });
export type ChecksReply = z.infer<typeof checksReplySchema>;
