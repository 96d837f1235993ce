import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { agentSettings } from '../agent-shared';

export const codexConfigSchema = z
  .object({
    ...agentSettings({
      binary: 'codex',
      permissions:
        'default: --ask-for-approval on-request --sandbox read-only; auto-edit: on-request + workspace-write; ' +
        'skip: --dangerously-bypass-approvals-and-sandbox',
      args: 'Extra arguments, placed before the prompt',
    }),
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
