import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const codexConfigSchema = z
  .object({
    model: z.string().min(1).optional().describe('Passed as --model'),
    permissions: z
      .enum(['default', 'auto-edit', 'skip'])
      .default('default')
      .describe(
        'default: --ask-for-approval on-request --sandbox read-only; auto-edit: on-request + workspace-write; ' +
          'skip: --dangerously-bypass-approvals-and-sandbox',
      ),
    args: z.array(z.string()).default([]).describe('Extra arguments, placed before the prompt'),
    env: z.record(z.string(), z.string()).default({}).describe('Extra environment for the agent'),
    binary: z
      .string()
      .min(1)
      .default('codex')
      .describe('The codex executable (name on PATH or absolute path)'),
    home: z
      .string()
      .min(1)
      .optional()
      .describe('CODEX_HOME (config, auth, rollouts); default env.CODEX_HOME, else ~/.codex'),
  })
  .strict();

export type CodexConfig = z.output<typeof codexConfigSchema>;

/** The CODEX_HOME the agent runs with; ao always passes it explicitly so the watcher reads the same folder. */
export function codexHome(config: CodexConfig): string {
  return config.home ?? config.env['CODEX_HOME'] ?? join(homedir(), '.codex');
}
