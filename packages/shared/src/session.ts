import { z } from 'zod';
import { checkVerdictSchema } from './config-checks';
import { dependencySchema } from './dependencies';

export const sessionStatusSchema = z.enum([
  'spawning', // workspace and runtime being created
  'running', // runtime alive
  'exited', // the agent's program ended by itself (exit code and last lines in `exit`); restorable
  'runtime_lost', // the runtime itself vanished (its tmux server or container is gone); restorable
  'failed', // spawning failed
  'killed', // stopped by the user
  'done', // PR merged or closed, work finished
]);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

/**
 * What the agent is doing. `starting`: launched, its first prompt not yet taken (or, for an agent without signals, not
 * yet seen); `unknown`: ao cannot tell from any signal (shown as such, never as working).
 */
export const activitySchema = z.enum([
  'starting',
  'working',
  'idle',
  'waiting_input',
  'blocked',
  'exited',
  'unknown',
]);
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
  /** GitHub's check run id (absent for commit statuses and PRs stored before it was kept). */
  id: z.number().int().optional(),
  /** A failing check's class (`flaky`, `broken-base`, `real`) and why, once ao classified it. */
  verdict: checkVerdictSchema.optional(),
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
  /** The PR's labels, when it has any (the merge queue's `merge.autoMerge.label`). */
  labels: z.array(z.string()).optional(),
});
export type PullRequest = z.infer<typeof prSchema>;

/** The issue a session works on. `number` is GitHub's issue number, or the number part of a tracker key; `key` is
 *  that key (`ENG-42`, `PROJ-7`) for trackers that have one (absent for GitHub and in sessions stored before). */
export const issueRefSchema = z.object({
  number: z.number().int(),
  key: z.string().optional(),
  title: z.string(),
  url: z.string().nullable(),
  /** Issues its body says it is blocked by / depends on (read when the session started). */
  blockedBy: z.array(z.number().int()).optional(),
});
export type IssueRef = z.infer<typeof issueRefSchema>;

export const usageSchema = z.object({
  model: z.string().nullable(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number(),
});

/** How an agent's program ended by itself: its exit code (or signal) and the last lines it printed. */
export const exitInfoSchema = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  lastLines: z.array(z.string()),
  at: z.string(),
});
export type ExitInfo = z.infer<typeof exitInfoSchema>;

/** A message to an agent (the initial prompt included) and how far it got. */
export const messageStateSchema = z.enum(['sending', 'sent', 'queued', 'delivered', 'failed', 'dropped']);
export type MessageState = z.infer<typeof messageStateSchema>;
export const messageSchema = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  kind: z.enum(['prompt', 'message', 'reaction']),
  text: z.string(),
  state: messageStateSchema,
  detail: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Message = z.infer<typeof messageSchema>;

/** At most this many file names are carried per predicted conflict (`fileCount` has the full number). */
export const CONFLICT_FILES_MAX = 20;

/**
 * A predicted conflict of this session's branch: with another live session's branch (`with` its id) or with the
 * default branch's tip on the remote (`with: 'base'`). `conflict`: a merge would stop on `files`; `overlap`: both
 * change `files` but they merge cleanly. File names are data (any bytes git allows but NUL).
 */
export const sessionConflictSchema = z.object({
  with: z.string(),
  kind: z.enum(['conflict', 'overlap']),
  files: z.array(z.string()),
  fileCount: z.number().int(),
});
export type SessionConflict = z.infer<typeof sessionConflictSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  project: z.string(),
  /** `orchestrator`: the fleet's orchestrator (no worktree, branch or PR; shown above the lanes); else `worker`. */
  kind: z.enum(['worker', 'orchestrator']),
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
  exit: exitInfoSchema.nullable(),
  /** Messages the agent holds in its queue (typed while it was busy), not yet taken by a turn. */
  queuedMessages: z.number().int(),
  /** Predicted conflicts with other live sessions and the default branch (README "Predicted conflicts"). */
  conflicts: z.array(sessionConflictSchema),
  /** Sessions (or issues) this one waits for, and those waiting for it: from issue bodies and predicted conflicts. */
  blockedBy: z.array(dependencySchema),
  blocks: z.array(dependencySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastActivityAt: z.string().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;
