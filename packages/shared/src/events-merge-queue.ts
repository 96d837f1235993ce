import { z } from 'zod';
import { mergeQueueProjectSchema } from './api-merge-queue';

/** Events of the merge queue (README "Merge queue"): each step a PR goes through, for the session's timeline. */

const step = { sessionId: z.string(), project: z.string(), prNumber: z.number().int() };

export const mergeQueueEventPayloadSchemas = {
  /** The PR entered the queue (open, with auto-merge or a human to merge it); `position` counts from 1. */
  'merge_queue.queued': z.object({ ...step, position: z.number().int() }),
  /** The queue started merging the PR (its turn came: approved, green, mergeable, up to date). */
  'merge_queue.merging': z.object({ ...step, method: z.enum(['squash', 'merge', 'rebase']) }),
  /** The PR was merged by the queue. */
  'merge_queue.merged': z.object(step),
  /** Merging failed (GitHub refused it); the queue tries again once the PR changes. */
  'merge_queue.merge_failed': z.object({ ...step, detail: z.string() }),
  /** ao rebased the branch onto the new base in its worktree and pushed it (with a lease on `from`). */
  'merge_queue.rebased': z.object({
    ...step,
    branch: z.string(),
    base: z.string(),
    from: z.string(),
    to: z.string(),
    /** The (session, head, base) this was done for: not again for the same, also after a daemon restart. */
    attempt: z.string().optional(),
  }),
  /** ao could not rebase the branch itself; the agent was asked to (`files`: the conflicting ones, if known). */
  'merge_queue.rebase_needed': z.object({
    ...step,
    branch: z.string(),
    base: z.string(),
    reason: z.string(),
    files: z.array(z.string()),
    /** The (session, head, base) the agent was asked for: not asked again for the same, also after a restart. */
    attempt: z.string().optional(),
  }),
  /**
   * A project's queue as `GET /api/merge-queue` shows it changed (order, a state or reason, what merged last, held):
   * the whole view, so a client replaces what it had. A queue that is off sends one, without its items, when it is
   * turned off, and none after.
   */
  'merge_queue.changed': z.object({ project: z.string(), queue: mergeQueueProjectSchema }),
} as const;
