import { z } from 'zod';

export const aiderConfigSchema = z
  .object({
    model: z.string().min(1).optional().describe('Passed as --model'),
    permissions: z
      .enum(['default', 'auto-edit', 'skip'])
      .default('default')
      .describe(
        'default and auto-edit: aider edits files and asks before shell commands; skip: --yes-always',
      ),
    args: z.array(z.string()).default([]).describe('Extra arguments (e.g. ["--no-auto-commits"])'),
    env: z.record(z.string(), z.string()).default({}).describe('Extra environment for the agent'),
    binary: z
      .string()
      .min(1)
      .default('aider')
      .describe('The aider executable (name on PATH or absolute path)'),
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
