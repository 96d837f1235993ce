import { z } from 'zod';

/** `GET /api/merge-queue`: per project, the merge queue's order and why each PR waits. */

export const mergeQueueQuerySchema = z.object({ project: z.string().max(100).optional() }).strict();

export const mergeQueueItemSchema = z.object({
  sessionId: z.string(),
  prNumber: z.number().int(),
  branch: z.string(),
  /** 1 = next to merge. */
  position: z.number().int(),
  /** ready: its turn (merging when auto-merge admits it); waiting: `reason` says for what. */
  state: z.enum(['ready', 'waiting', 'merging', 'rebasing']),
  reason: z.string(),
  blockedBy: z.array(z.string()),
});
export type MergeQueueItem = z.infer<typeof mergeQueueItemSchema>;

/** The PR the queue merged last (while the daemon runs: not kept across restarts). */
export const mergeQueueLastMergedSchema = z.object({
  sessionId: z.string(),
  prNumber: z.number().int(),
  at: z.string(),
});
export type MergeQueueLastMerged = z.infer<typeof mergeQueueLastMergedSchema>;

export const mergeQueueProjectSchema = z.object({
  project: z.string(),
  enabled: z.boolean(),
  autoMerge: z.union([z.boolean(), z.object({ label: z.string() })]),
  base: z.string(),
  /**
   * Why nothing in this project's queue can move, when that is so: the queue is off (`merge.queue`), the project has
   * no GitHub repository, or no PR can go while the base's own checks fail (broken base). Null while it may move.
   */
  held: z.string().nullable(),
  lastMerged: mergeQueueLastMergedSchema.nullable(),
  items: z.array(mergeQueueItemSchema),
});
export type MergeQueueProject = z.infer<typeof mergeQueueProjectSchema>;

export const mergeQueueReplySchema = z.object({ projects: z.array(mergeQueueProjectSchema) });
export type MergeQueueReply = z.infer<typeof mergeQueueReplySchema>;
