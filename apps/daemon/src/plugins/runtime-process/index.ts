import type { PluginModule } from '@ao/shared/plugin';
import { z } from 'zod';
import { createProcessRuntime } from './process-runtime';

export const configSchema = z.object({
  /** How long `kill` waits after SIGHUP/SIGTERM before SIGKILL. */
  killGraceMs: z.number().int().nonnegative().default(3_000),
  /** Output kept for viewers that connect late (characters). */
  replayChars: z
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  /** Lines of history `capture` can reach above the screen. */
  scrollback: z.number().int().nonnegative().default(10_000),
  defaultCols: z.number().int().min(20).max(1000).default(200),
  defaultRows: z.number().int().min(5).max(1000).default(50),
});

export const runtimeProcess = {
  manifest: {
    name: 'process',
    slot: 'runtime',
    description:
      'Runs each session in a pty held by the daemon (no tmux needed; sessions end with the daemon).',
  },
  configSchema,
  create(config, ctx) {
    return createProcessRuntime({ ...config, logger: ctx.logger, baseEnv: process.env });
  },
} satisfies PluginModule<'runtime', typeof configSchema>;
