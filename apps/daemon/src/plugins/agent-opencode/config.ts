import { z } from 'zod';

export const opencodeConfigSchema = z
  .object({
    model: z.string().min(1).optional().describe('Passed as --model, in the form provider/model'),
    permissions: z
      .enum(['default', 'auto-edit', 'skip'])
      .default('default')
      .describe('default: opencode asks; auto-edit: OPENCODE_PERMISSION {"edit":"allow"}; skip: --auto'),
    args: z.array(z.string()).default([]).describe('Extra arguments for the opencode TUI'),
    env: z.record(z.string(), z.string()).default({}).describe('Extra environment for the agent'),
    binary: z
      .string()
      .min(1)
      .default('opencode')
      .describe('The opencode executable (name on PATH or absolute path)'),
  })
  .strict();

export type OpencodeConfig = z.output<typeof opencodeConfigSchema>;
