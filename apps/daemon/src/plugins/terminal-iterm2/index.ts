import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ExecFn, PluginModule, Terminal, TerminalOpenRequest } from '@ao/shared/plugin';
import { z } from 'zod';
import { type MachineDeps, realMachine } from '../terminal-shared/find-program';
import { checkArgv } from '../terminal-shared/gui-terminal';

const configSchema = z
  .object({
    mode: z
      .enum(['tab', 'window'])
      .default('tab')
      .describe("A new tab in iTerm2's front window (default; a window when it has none), or a new window"),
  })
  .strict();
export type Iterm2Config = z.output<typeof configSchema>;

/**
 * A fixed AppleScript: everything it needs arrives as `argv` items (`ao`, mode, title, then the command's words) and
 * is never written into the script. Each word is quoted with `quoted form of` for the tab's shell, which runs it with
 * `exec`, so the tab closes when the user detaches.
 */
export const ITERM2_SCRIPT = [
  'on run argv',
  'set theMode to item 2 of argv',
  'set theTitle to item 3 of argv',
  'set theCommand to "exec"',
  'repeat with i from 4 to count of argv',
  'set theCommand to theCommand & " " & quoted form of (item i of argv)',
  'end repeat',
  'tell application "iTerm"',
  'activate',
  'if theMode is "window" or (count of windows) is 0 then',
  'set theWindow to (create window with default profile)',
  'else',
  'set theWindow to current window',
  'tell theWindow to create tab with default profile',
  'end if',
  'tell current session of theWindow',
  'set name to theTitle',
  'write text theCommand',
  'end tell',
  'end tell',
  'end run',
];

/** The osascript arguments that open `req` in iTerm2. */
export function iterm2Args(config: Iterm2Config, req: TerminalOpenRequest): string[] {
  checkArgv(req.argv);
  // The first argument is a constant, so a title starting with `-` is never read as an osascript option.
  return [...ITERM2_SCRIPT.flatMap((line) => ['-e', line]), 'ao', config.mode, req.title, ...req.argv];
}

/** Where iTerm2 is installed on macOS. */
export const iterm2Paths = (env: Record<string, string | undefined>) => [
  '/Applications/iTerm.app',
  join(env.HOME ?? homedir(), 'Applications', 'iTerm.app'),
];

export function createIterm2Terminal(config: Iterm2Config, deps: MachineDeps & { exec: ExecFn }): Terminal {
  return {
    requirement: 'iTerm2 (macOS, /Applications/iTerm.app)',
    platforms: ['darwin'],
    async available(host) {
      return host.platform === 'darwin' && iterm2Paths(host.env).some((p) => deps.exists(p));
    },
    async open(req) {
      await deps.exec('osascript', iterm2Args(config, req), { env: req.host.env, timeoutMs: 15_000 });
    },
  };
}

/** iTerm2 on macOS, driven with osascript. */
export const terminalIterm2 = {
  manifest: { name: 'iterm2', slot: 'terminal', description: 'iTerm2 (macOS): a new tab or window' },
  configSchema,
  create(config, ctx): Terminal {
    return createIterm2Terminal(config, { ...realMachine, exec: ctx.exec });
  },
} satisfies PluginModule<'terminal', typeof configSchema>;
