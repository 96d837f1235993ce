import { z } from 'zod';

export const sessionStatusSchema = z.enum([
  'spawning', // workspace and runtime being created
  'running', // runtime alive
  'runtime_lost', // the runtime vanished (daemon restart found it gone, or it died); restorable
  'failed', // spawning failed
  'killed', // stopped by the user
  'done', // PR merged or closed, work finished
]);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

export const activitySchema = z.enum(['working', 'idle', 'waiting_input', 'blocked', 'exited', 'unknown']);
export type Activity = z.infer<typeof activitySchema>;

export const laneSchema = z.enum(['working', 'pending', 'review', 'merge', 'done']);
export type Lane = z.infer<typeof laneSchema>;

/** Why a session shows what it shows: the signal that set its current activity/status. */
export const evidenceSchema = z.object({
  source: z.string(), // e.g. 'hook:Stop', 'transcript', 'runtime', 'screen', 'spawn', 'recovery'
  detail: z.string(),
  at: z.string(), // ISO time
  confidence: z.enum(['high', 'medium', 'low']),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const checkSchema = z.object({
  name: z.string(),
  status: z.enum(['queued', 'in_progress', 'completed', 'pending']),
  conclusion: z.string().nullable(),
  url: z.string().nullable(),
});
export type Check = z.infer<typeof checkSchema>;

export const reviewThreadSchema = z.object({
  path: z.string().nullable(),
  line: z.number().nullable(),
  author: z.string(),
  body: z.string(),
  url: z.string().nullable(),
});

export const prSchema = z.object({
  number: z.number().int(),
  url: z.string(),
  title: z.string(),
  state: z.enum(['open', 'closed', 'merged']),
  draft: z.boolean(),
  headSha: z.string().nullable(),
  ci: z.enum(['none', 'pending', 'passing', 'failing']),
  checks: z.array(checkSchema),
  reviewDecision: z.enum(['none', 'review_required', 'approved', 'changes_requested']),
  reviewersRequested: z.number().int(),
  unresolvedThreads: z.array(reviewThreadSchema),
  mergeable: z.enum(['unknown', 'mergeable', 'conflicting']),
});
export type PullRequest = z.infer<typeof prSchema>;

export const issueRefSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  url: z.string().nullable(),
});
export type IssueRef = z.infer<typeof issueRefSchema>;

export const usageSchema = z.object({
  model: z.string().nullable(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number(),
});

export const sessionSchema = z.object({
  id: z.string(),
  project: z.string(),
  status: sessionStatusSchema,
  activity: activitySchema,
  lane: laneSchema,
  statusReason: z.string().nullable(),
  evidence: evidenceSchema.nullable(),
  branch: z.string(),
  baseBranch: z.string(),
  worktreePath: z.string(),
  agent: z.string(),
  runtime: z.string(),
  workspace: z.string(),
  prompt: z.string().nullable(),
  title: z.string(),
  issue: issueRefSchema.nullable(),
  pr: prSchema.nullable(),
  agentSessionId: z.string().nullable(),
  usage: usageSchema,
  escalated: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastActivityAt: z.string().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;
