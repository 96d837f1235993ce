import { type GuiTerminalSpec, guiTerminalPlugin } from '../terminal-shared/gui-terminal';

/** xterm: `xterm -T <title> -e <argv...>` (`-e` takes the rest of the line as the program and its arguments). */
export const xtermSpec: GuiTerminalSpec = {
  name: 'xterm',
  description: 'xterm (X11): a new window',
  display: 'x11',
  args: (title, argv) => ['-T', title, '-e', ...argv],
};

export const terminalXterm = guiTerminalPlugin(xtermSpec);
