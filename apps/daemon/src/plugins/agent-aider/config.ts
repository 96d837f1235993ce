import { z } from 'zod';
import { agentSettings } from '../agent-shared';

export const aiderConfigSchema = z
  .object({
    ...agentSettings({
      binary: 'aider',
      permissions:
        'default and auto-edit: aider edits files and asks before shell commands; skip: --yes-always',
      args: 'Extra arguments (e.g. ["--no-auto-commits"])',
    }),
    typeDelayMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(4000)
      .describe('Wait before typing the prompt into aider (it starts slowly)'),
  })
  .strict();

export type AiderConfig = z.output<typeof aiderConfigSchema>;
