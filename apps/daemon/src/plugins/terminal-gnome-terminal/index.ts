import { type GuiTerminalSpec, guiTerminalPlugin } from '../terminal-shared/gui-terminal';

/** GNOME Terminal: `gnome-terminal --title <title> -- <argv...>` (a new window). */
export const gnomeTerminalSpec: GuiTerminalSpec = {
  name: 'gnome-terminal',
  description: 'GNOME Terminal: a new window',
  display: 'any',
  args: (title, argv) => ['--title', title, '--', ...argv],
};

export const terminalGnomeTerminal = guiTerminalPlugin(gnomeTerminalSpec);
