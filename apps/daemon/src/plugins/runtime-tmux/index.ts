import type { PluginModule } from '@ao/shared/plugin';
import { z } from 'zod';
import { resolveSocket } from './socket';
import { createTmuxClient } from './tmux-client';
import { createTmuxRuntime } from './tmux-runtime';

export const configSchema = z.object({
  /** ao's tmux server: a socket path (contains "/") or a socket name; default `<dataDir>/tmux.sock`. */
  socket: z.string().min(1).optional(),
  tmuxPath: z.string().min(1).default('tmux'),
  /** Timeout of every tmux call. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** How long `kill` waits after SIGTERM before SIGKILL. */
  killGraceMs: z.number().int().nonnegative().default(3_000),
  historyLimit: z.number().int().positive().default(10_000),
  defaultCols: z.number().int().min(20).max(1000).default(200),
  defaultRows: z.number().int().min(5).max(1000).default(50),
});

export const runtimeTmux = {
  manifest: {
    name: 'tmux',
    slot: 'runtime',
    description: "Runs each session in ao's own tmux server (survives daemon restarts; `ao attach` works).",
  },
  configSchema,
  create(config, ctx) {
    const client = createTmuxClient({
      exec: ctx.exec,
      tmuxPath: config.tmuxPath,
      socket: resolveSocket(ctx.dataDir, config.socket),
      timeoutMs: config.timeoutMs,
    });
    return createTmuxRuntime({ ...config, client, logger: ctx.logger });
  },
} satisfies PluginModule<'runtime', typeof configSchema>;
