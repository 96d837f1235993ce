import { z } from 'zod';
import { escalationActionSchema, escalationResolutionSchema } from './escalations';

/** Events of ao's MCP tools: what the orchestrator hands the human, what workers ask, the briefing. */

export const escalationSchema = z.object({
  id: z.number().int(),
  sessionId: z.string().nullable(),
  project: z.string().nullable(),
  summary: z.string(),
  recommendation: z.string(),
  source: z.string(),
  createdAt: z.string(),
  /** What accepting carries out (null: the recommendation is advice, accepting only tells the orchestrator). */
  action: escalationActionSchema.nullable(),
  /** How the human settled it (null while open). */
  resolution: escalationResolutionSchema.nullable(),
  /** Why the last attempt to carry out the action failed (it stays open; accept again or reject). */
  error: z.string().nullable(),
});
export type Escalation = z.infer<typeof escalationSchema>;

export const workerReportSchema = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  kind: z.enum(['ask', 'blocked']),
  text: z.string(),
  createdAt: z.string(),
});
export type WorkerReport = z.infer<typeof workerReportSchema>;

export const mcpEventPayloadSchemas = {
  /** A decision for the human, with a summary and the recommended decision (`escalate`). */
  'escalation.created': z.object({ sessionId: z.string().nullable(), escalation: escalationSchema }),
  /** The human accepted (and ao carried out the action), rejected or answered an escalation. */
  'escalation.resolved': z.object({ sessionId: z.string().nullable(), escalation: escalationSchema }),
  /** Carrying out an accepted escalation's action failed: it stays open with the error. */
  'escalation.failed': z.object({ sessionId: z.string().nullable(), escalation: escalationSchema }),
  /** A worker asked the orchestrator (`ask_orchestrator`) or reported itself blocked (`report_blocked`). */
  'worker.reported': z.object({ sessionId: z.string(), report: workerReportSchema }),
  /** The orchestrator published a briefing (`publish_briefing`); `project` is `*` for the whole fleet. */
  'briefing.published': z.object({ project: z.string(), publishedAt: z.string(), chars: z.number().int() }),
} as const;
