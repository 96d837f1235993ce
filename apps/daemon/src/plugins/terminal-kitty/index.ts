import { type GuiTerminalSpec, guiTerminalPlugin } from '../terminal-shared/gui-terminal';

/** kitty: `kitty --title <title> <argv...>` (a new OS window; the command starts at the first non-option). */
export const kittySpec: GuiTerminalSpec = {
  name: 'kitty',
  description: 'kitty: a new window',
  display: 'any-or-mac',
  args: (title, argv) => ['--title', title, ...argv],
};

export const terminalKitty = guiTerminalPlugin(kittySpec);
