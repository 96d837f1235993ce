import { resolve } from 'node:path';
import { z } from 'zod';

/** Settings shared by the workspace plugins. */
export const workspaceConfigSchema = z
  .object({
    root: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Directory ao creates workspaces under, for `list` (default: <dataDir>/worktrees; relative to the data dir)',
      ),
    networkTimeoutMs: z
      .number()
      .int()
      .min(1_000)
      .max(3_600_000)
      .default(300_000)
      .describe('Time limit for git fetch and clone'),
  })
  .strict();
export type WorkspaceConfig = z.output<typeof workspaceConfigSchema>;

export const LOCAL_GIT_TIMEOUT_MS = 60_000;

export function workspaceRoot(config: WorkspaceConfig, dataDir: string): string {
  return resolve(dataDir, config.root ?? 'worktrees');
}
