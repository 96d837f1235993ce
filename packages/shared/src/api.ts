import { z } from 'zod';
import { branchNameSchema, issueIdInputSchema, projectIdSchema } from './ids';
import { messageSchema, sessionSchema } from './session';

/** Bodies and replies of the daemon's HTTP API. Every route validates its body with these. */

/** Text for an agent: blank text starts no turn in any agent, so it could never be confirmed. */
const agentText = z
  .string()
  .min(1)
  .max(100_000)
  .refine((s) => s.trim() !== '', 'is blank');

export const createSessionBodySchema = z
  .object({
    project: projectIdSchema.optional(),
    prompt: agentText.optional(),
    issue: issueIdInputSchema.optional(),
    agent: z.string().min(1).max(100).optional(),
    runtime: z.string().min(1).max(100).optional(),
    branch: branchNameSchema.optional(),
  })
  .strict();
export type CreateSessionBody = z.infer<typeof createSessionBodySchema>;

export const sendBodySchema = z.object({ message: agentText }).strict();
export type SendBody = z.infer<typeof sendBodySchema>;

/**
 * What `POST /api/sessions/:id/send` answers: `delivered` (a turn started with it), `queued` (the agent holds it while
 * busy; a `session.message` event says when it is delivered or dropped), or `sent` (this agent cannot confirm).
 */
export const deliverySchema = z.object({
  id: z.number().int(),
  state: z.enum(['delivered', 'queued', 'sent']),
  detail: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const sendReplySchema = z.object({ delivery: deliverySchema });
export const messagesReplySchema = z.object({ messages: z.array(messageSchema) });

export const killBodySchema = z
  .object({ removeWorktree: z.boolean().optional(), force: z.boolean().optional() })
  .strict();
export type KillBody = z.infer<typeof killBodySchema>;

export const addProjectBodySchema = z.object({ configPath: z.string().min(1).max(4096) }).strict();
export type AddProjectBody = z.infer<typeof addProjectBodySchema>;

export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  repo: z.string().nullable(),
  path: z.string(),
  configPath: z.string(),
  defaultBranch: z.string(),
  agent: z.string(),
  runtime: z.string(),
  workspace: z.string(),
  tracker: z.string(),
  /**
   * How long a permission prompt is the orchestrator's before it needs the human: its `orchestrator.permissionGraceSec`
   * when an orchestrator is enabled, else 0 (the human at once).
   */
  permissionGraceSec: z.number().int().min(0),
  error: z.string().nullable(),
});
export type Project = z.infer<typeof projectSchema>;

export const sessionReplySchema = z.object({ session: sessionSchema });
export const sessionsReplySchema = z.object({ sessions: z.array(sessionSchema) });
export const projectsReplySchema = z.object({ projects: z.array(projectSchema) });
export const healthReplySchema = z.object({ ok: z.literal(true), version: z.string() });

export { type ErrorCode, errorCodes } from './errors';
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
