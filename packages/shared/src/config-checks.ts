import { z } from 'zod';

/**
 * The `checks:` section of `ao.config.yaml`: how a failing CI check is classified (`flaky`, `broken-base`, `real`)
 * from the check outcomes ao keeps, and what is done before the agent is woken.
 */
export const checksConfigSchema = z
  .object({
    flaky: z
      .object({
        rerun: z
          .boolean()
          .default(true)
          .describe(
            'Re-run a likely-flaky failure once (failed jobs of its workflow run, else its check suite) before any agent is woken; a failure again after that is real',
          ),
        rerunFirstFailure: z
          .boolean()
          .default(true)
          .describe(
            'Also re-run once a failure that shows no sign of flakiness when it is the first failure of that check on the branch (ao has no history to judge by yet): a flaky one then passes and wakes no agent; a real one fails again and the agent is woken with that result, at the cost of one re-run and its wait. Later failures on the branch wake the agent at once',
          ),
        flipRate: z
          .number()
          .min(0)
          .max(1)
          .default(0.3)
          .describe(
            'A check whose outcome flipped (failed then passed, or passed then failed, on the same branch) in at least this share of its recent runs is flaky',
          ),
        window: z
          .number()
          .int()
          .min(4)
          .max(500)
          .default(20)
          .describe('How many of the check’s most recent runs (any branch) the flip rate is computed over'),
      })
      .strict()
      .default({ rerun: true, rerunFirstFailure: true, flipRate: 0.3, window: 20 }),
    brokenBase: z
      .object({
        notify: z
          .boolean()
          .default(true)
          .describe(
            'When a failing check also fails on the default branch (or on several unrelated PRs), wake no agent and notify once per check and base',
          ),
        unrelatedPrs: z
          .number()
          .int()
          .min(2)
          .max(100)
          .default(3)
          .describe(
            'How many PRs (this one included) whose latest run of the check failed make it a broken base',
          ),
        priority: z
          .enum(['urgent', 'action', 'warning', 'info'])
          .default('action')
          .describe('Priority of the broken-base notification (routed by `notifiers.routing`)'),
      })
      .strict()
      .default({ notify: true, unrelatedPrs: 3, priority: 'action' }),
    retentionDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(90)
      .describe('Check outcomes older than this are forgotten (at most 200,000 are kept per repository)'),
  })
  .strict()
  .default({
    flaky: { rerun: true, rerunFirstFailure: true, flipRate: 0.3, window: 20 },
    brokenBase: { notify: true, unrelatedPrs: 3, priority: 'action' },
    retentionDays: 90,
  });

export type ChecksConfig = z.output<typeof checksConfigSchema>;

/** A failing check's class, with why in words. */
export const checkClassSchema = z.enum(['flaky', 'broken-base', 'real']);
export type CheckClass = z.infer<typeof checkClassSchema>;
export const checkVerdictSchema = z.object({
  class: checkClassSchema,
  reason: z.string(),
  /** What ao did about it: re-ran it, notified (broken base), or woke the agent. */
  action: z.enum(['rerun', 'notified', 'held', 'woke']).optional(),
});
export type CheckVerdict = z.infer<typeof checkVerdictSchema>;
