import { z } from 'zod';

/** `merge:` in `ao.config.yaml`: how PRs are merged, and the merge queue (README "Merge queue"). */
export const mergeConfigSchema = z
  .object({
    method: z.enum(['squash', 'merge', 'rebase']).default('squash').describe('How ao merges a PR'),
    cleanup: z.boolean().default(true).describe('After a merge, stop the runtime and remove the worktree'),
    queue: z
      .boolean()
      .default(false)
      .describe(
        'Merge queue: approved, green and mergeable PRs go one at a time in priority order (blockers first, then ' +
          'oldest); after each merge the next branch is rebased by ao when its worktree is clean and its agent idle ' +
          '(pushed with --force-with-lease), otherwise its agent is asked to rebase, naming the conflicting files',
      ),
    autoMerge: z
      .union([
        z.boolean(),
        z.object({ label: z.string().min(1).max(100).describe('Only PRs carrying this label') }).strict(),
      ])
      .default(false)
      .describe(
        'With the queue on, let ao merge ready PRs itself: false (a human merges; the queue keeps the next branch ' +
          'updated), true (every ready PR), or {label: name} (ready PRs carrying that label)',
      ),
    requireUpToDate: z
      .boolean()
      .default(true)
      .describe(
        'Each PR is brought up to date with the default branch (rebased, its checks run again) before it merges; ' +
          'false: a ready PR that GitHub can merge cleanly is merged as it is, without that round (much faster for a ' +
          'busy queue; the merged result is not tested first, as with branch protection not requiring up-to-date ' +
          'branches)',
      ),
    requireApproval: z
      .boolean()
      .default(true)
      .describe(
        'The queue waits for an approving review; false (a repository without required reviews): a PR nobody ' +
          'asked changes on is ready',
      ),
    requireChecks: z
      .boolean()
      .default(true)
      .describe(
        'The queue waits for green checks; false (a repository with no CI): a PR with no checks reported is ' +
          'ready (running or failing checks still hold it)',
      ),
  })
  .strict()
  .default({
    method: 'squash',
    cleanup: true,
    queue: false,
    autoMerge: false,
    requireUpToDate: true,
    requireApproval: true,
    requireChecks: true,
  });

export type MergeConfig = z.output<typeof mergeConfigSchema>;

/** Whether ao merges this ready PR itself in the merge queue (`merge.autoMerge`: always, never, or with its label). */
export function autoMergeAdmits(config: MergeConfig, pr: { labels?: string[] }): boolean {
  const auto = config.autoMerge;
  if (typeof auto === 'boolean') return auto;
  return (pr.labels ?? []).includes(auto.label);
}
