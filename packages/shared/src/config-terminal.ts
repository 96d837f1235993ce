import { z } from 'zod';

/** The `terminal:` and `terminals:` keys of `ao.config.yaml`: which terminal application `ao attach --open` and the
 *  dashboard's "Open in terminal" use, and each one's settings. */
export const terminalConfigSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a terminal plugin name or auto')
  .default('auto')
  .describe(
    'Terminal application for `ao attach --open` and the dashboard\'s "Open in terminal": auto (default: iterm2 on ' +
      'macOS when installed, tmux when the daemon runs inside tmux, else the first of kitty, wezterm, ' +
      'gnome-terminal, xterm found with a display), iterm2, tmux, kitty, wezterm, gnome-terminal or xterm',
  );

export const terminalsConfigSchema = z
  .record(z.string(), z.unknown())
  .default({})
  .describe('Settings per terminal plugin name (terminals.iterm2.mode, terminals.tmux.socket, ...)');
