import { z } from 'zod';
import { sessionIdSchema } from './ids';

/**
 * Escalations: decisions the orchestrator hands to the human (`escalate`), with a one-paragraph summary and the
 * decision it recommends; when that decision is something ao can carry out, it is named as a structured `action`,
 * which accepting the escalation carries out.
 */

const session = sessionIdSchema.describe('the session it applies to, e.g. "myrepo-3"');

/** An action ao can carry out when the human accepts the recommendation. */
export const escalationActionSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('merge'), session })
    .strict()
    .describe("merge the session's PR"),
  z
    .object({ kind: z.literal('rerun_checks'), session })
    .strict()
    .describe("re-run the failed checks of the session's PR"),
  z
    .object({
      kind: z.literal('send_message'),
      session,
      text: z.string().trim().min(1).max(8000).describe('the message for the agent'),
    })
    .strict()
    .describe("type a message into the session's agent"),
  z
    .object({ kind: z.literal('kill'), session })
    .strict()
    .describe("stop the session's agent"),
  z
    .object({ kind: z.literal('restore'), session })
    .strict()
    .describe('bring an ended session back'),
]);
export type EscalationAction = z.infer<typeof escalationActionSchema>;

export const escalationDecisionSchema = z.enum(['accept', 'reject', 'answer']);
export type EscalationDecision = z.infer<typeof escalationDecisionSchema>;

/** How the human settled an escalation. `outcome`: what accepting carried out, or where the answer went. */
export const escalationResolutionSchema = z.object({
  decision: escalationDecisionSchema,
  text: z.string().nullable(),
  resolvedAt: z.string(),
  resolvedBy: z.string(),
  outcome: z.string().nullable(),
  /** Whether the orchestrator session was told (false when none runs: the answer is only stored). */
  deliveredToOrchestrator: z.boolean(),
});
export type EscalationResolution = z.infer<typeof escalationResolutionSchema>;

/** `POST /api/escalations/:id/resolve`. An answer needs text; accept and reject may carry a note. */
export const resolveEscalationBodySchema = z
  .object({
    decision: escalationDecisionSchema.describe('accept (carry out the recommendation), reject, or answer'),
    text: z
      .string()
      .trim()
      .min(1)
      .max(8000)
      .optional()
      .describe('the answer (required for answer), or a note'),
  })
  .strict()
  .refine((b) => b.decision !== 'answer' || b.text !== undefined, {
    message: 'an answer needs text',
    path: ['text'],
  });
export type ResolveEscalationBody = z.infer<typeof resolveEscalationBodySchema>;

export const escalationsQuerySchema = z.object({
  state: z.enum(['open', 'all']).default('open').describe('open (default) or all'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
