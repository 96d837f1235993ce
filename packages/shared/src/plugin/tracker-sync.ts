import { z } from 'zod';

/**
 * What ao writes back to a tracker's issue (`trackers.<name>.sync`). Writes that change the issue's state are off
 * unless configured; comments are ao's own words and links, never text taken from the issue or the agent.
 */
export const trackerSyncSchema = z
  .object({
    inProgress: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'When a session starts on the issue: GitHub, a label to add; Linear, the workflow state (by name) to move it to; Jira, the transition (by name) to apply. Unset: the issue is left as it is',
      ),
    done: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        "When the session's PR merges: GitHub, a label to add (the in-progress label is removed; GitHub itself closes the issue through the PR's `Fixes #N`); Linear, the workflow state; Jira, the transition. Unset: nothing",
      ),
    closeOnMerge: z
      .boolean()
      .default(false)
      .describe(
        "GitHub only: close the issue when the session's PR merges, also when the PR does not say `Fixes #N`",
      ),
    commentPr: z
      .boolean()
      .default(true)
      .describe("Comment on the issue with a link to the session's PR when ao first sees it (once per PR)"),
    commentEscalations: z
      .boolean()
      .default(false)
      .describe("Comment on the issue when one of the session's reactions escalates to a person"),
  })
  .strict()
  .default({ closeOnMerge: false, commentPr: true, commentEscalations: false })
  .describe('Two-way sync: what ao writes on the issue a session works on (every write is done once)');

export type TrackerSync = z.output<typeof trackerSyncSchema>;

/** The issue a write is about: GitHub's number, or the tracker's key (`ENG-42`). */
export interface IssueTarget {
  number: number;
  key?: string;
}

/** What a sync write did: `done` (written now), `already` (the issue was already so, or the comment is there),
 *  `off` (nothing configured for it). */
export type SyncOutcome = 'done' | 'already' | 'off';
