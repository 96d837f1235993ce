import { type GuiTerminalSpec, guiTerminalPlugin } from '../terminal-shared/gui-terminal';

/** WezTerm: `wezterm start -- <argv...>` (a new window, in the running WezTerm when there is one). */
export const weztermSpec: GuiTerminalSpec = {
  name: 'wezterm',
  description: 'WezTerm: a new window',
  display: 'any-or-mac',
  args: (_title, argv) => ['start', '--', ...argv],
};

export const terminalWezterm = guiTerminalPlugin(weztermSpec);
