import { z } from 'zod';

/** `conflicts:` in `ao.config.yaml`: predicted conflicts between live sessions' branches (README "Predicted conflicts"). */
export const conflictsConfigSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "Predict conflicts between live sessions' branches and against the default branch (git merge-tree, no worktree touched)",
      ),
    onNew: z
      .enum(['off', 'notify', 'tell'])
      .default('notify')
      .describe(
        'When a new conflict is predicted: off (only shown on the cards and the API), notify (through the notifiers), ' +
          'tell (a message to the agent naming the other session and the files); once per (pair, files)',
      ),
    kinds: z
      .array(z.enum(['conflict', 'overlap']))
      .default(['conflict'])
      .describe(
        'Which kinds `onNew` acts on: conflict (the branches would not merge cleanly), overlap (both change a file, merging cleanly)',
      ),
  })
  .strict()
  .default({ enabled: true, onNew: 'notify', kinds: ['conflict'] });

export type ConflictsConfig = z.output<typeof conflictsConfigSchema>;
