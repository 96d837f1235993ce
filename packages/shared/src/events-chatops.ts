import { z } from 'zod';

/** What became of a chat command: refused (unknown user or chat), answered, asked to confirm, then done or not. */
export const chatOutcomeSchema = z.enum([
  'refused',
  'answered',
  'confirm_asked',
  'done',
  'failed',
  'cancelled',
  'expired',
]);
export type ChatOutcome = z.infer<typeof chatOutcomeSchema>;

export const chatopsEventPayloadSchemas = {
  /** A chat-ops command from Slack or Telegram: who, where, what, and what came of it (DESIGN.md §10). */
  'chatops.command': z.object({
    transport: z.enum(['slack', 'telegram']),
    user: z.string(),
    channel: z.string(),
    command: z.string(),
    sessionId: z.string().nullable(),
    outcome: chatOutcomeSchema,
    detail: z.string(),
  }),
} as const;
