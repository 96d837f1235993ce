import { trackerSyncSchema } from '@ao/shared/plugin';
import { z } from 'zod';
import { DEFAULT_TRACKER_TIMEOUT_MS } from './tracker-errors';

/**
 * The settings every tracker has: the request timeout, the prompt template, how many comments go into the prompt
 * (`maxCommentsCap`: what the tracker's API serves in one page or more), and two-way sync.
 */
export function trackerFields(tracker: string, maxCommentsCap: number) {
  return {
    promptTemplate: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Prompt for an issue, with {{key}} {{number}} {{title}} {{body}} {{labels}} {{comments}} {{url}}',
      ),
    maxComments: z
      .number()
      .int()
      .min(0)
      .max(maxCommentsCap)
      .default(50)
      .describe('Issue comments put into the prompt at most'),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(DEFAULT_TRACKER_TIMEOUT_MS)
      .describe(`A ${tracker} request taking longer fails as unavailable`),
    sync: trackerSyncSchema,
  };
}
