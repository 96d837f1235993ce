import type { ExecFn, Logger, Notification, Notifier, PluginModule } from '@ao/shared/plugin';
import { z } from 'zod';

const configSchema = z
  .object({
    appName: z
      .string()
      .min(1)
      .max(64)
      .default('ao')
      .describe('Application name shown by the notification daemon'),
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  })
  .strict();
export type DesktopNotifierConfig = z.output<typeof configSchema>;

const URGENCY: Record<Notification['priority'], string> = {
  urgent: 'critical',
  action: 'normal',
  warning: 'normal',
  info: 'low',
};

/**
 * A fixed AppleScript; the texts arrive as `argv` items and are never interpolated into the script. The first
 * argument is a constant so a title starting with `-` cannot be read as an osascript option.
 */
export const OSASCRIPT_LINES = [
  'on run argv',
  'display notification (item 3 of argv) with title (item 2 of argv)',
  'end run',
];

const text = (n: Notification) => (n.url ? `${n.body}\n${n.url}` : n.body);

/** The program and argv for one notification on a platform, or null where there is no desktop notifier. */
export function desktopCommand(
  platform: NodeJS.Platform,
  config: DesktopNotifierConfig,
  n: Notification,
): [string, string[]] | null {
  if (platform === 'darwin') {
    return ['osascript', [...OSASCRIPT_LINES.flatMap((l) => ['-e', l]), 'ao', n.title, text(n)]];
  }
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') {
    const args = [`--app-name=${config.appName}`, `--urgency=${URGENCY[n.priority]}`, '--', n.title, text(n)];
    return ['notify-send', args];
  }
  return null;
}

export interface DesktopDeps {
  exec: ExecFn;
  logger: Logger;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

/** Shows desktop notifications with `notify-send` (Linux) or `osascript` (macOS); a warned no-op when missing. */
export function createDesktopNotifier(config: DesktopNotifierConfig, deps: DesktopDeps): Notifier {
  const platform = deps.platform ?? process.platform;
  let unavailable = false;
  return {
    async send(n) {
      const cmd = desktopCommand(platform, config, n);
      if (!cmd || unavailable) {
        if (!cmd && !unavailable) deps.logger.warn({ platform }, 'no desktop notifier on this platform');
        unavailable = true;
        return;
      }
      try {
        await deps.exec(cmd[0], cmd[1], { timeoutMs: config.timeoutMs, env: deps.env });
      } catch (err) {
        if ((err as { code?: unknown }).code === 'ENOENT') {
          unavailable = true;
          deps.logger.warn({ program: cmd[0] }, `${cmd[0]} not found: desktop notifications are off`);
          return;
        }
        throw err;
      }
    },
  };
}

export const notifierDesktop = {
  manifest: {
    name: 'desktop',
    slot: 'notifier',
    description: 'Desktop notifications (notify-send, osascript)',
  },
  configSchema,
  create(config, ctx): Notifier {
    return createDesktopNotifier(config, { exec: ctx.exec, logger: ctx.logger });
  },
} satisfies PluginModule<'notifier', typeof configSchema>;
