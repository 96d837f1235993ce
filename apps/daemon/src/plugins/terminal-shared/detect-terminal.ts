import { terminalUnavailable } from '@ao/shared/errors';
import type { Terminal, TerminalHost } from '@ao/shared/plugin';

/** `terminal: auto` takes the first of these that is available: iTerm2 on macOS when installed, tmux when the daemon
 *  runs inside tmux, else the first GUI terminal found on PATH with a display. */
export const AUTO_ORDER = ['iterm2', 'tmux', 'kitty', 'wezterm', 'gnome-terminal', 'xterm'] as const;

export interface TerminalSource {
  has(name: string): boolean;
  create(name: string): Terminal;
}

/** The terminal to open a session in: the one named (when available here), or the first available in AUTO_ORDER.
 *  Nothing available is a `terminal_unavailable` error naming what was looked for. */
export async function chooseTerminal(
  name: string,
  source: TerminalSource,
  host: TerminalHost,
): Promise<{ name: string; terminal: Terminal }> {
  if (name !== 'auto') {
    const terminal = source.create(name);
    if (await terminal.available(host)) return { name, terminal };
    throw terminalUnavailable(`terminal ${name} is not available here: looked for ${terminal.requirement}`);
  }
  const looked: string[] = [];
  for (const candidate of AUTO_ORDER) {
    if (!source.has(candidate)) continue;
    const terminal = source.create(candidate);
    if (terminal.platforms && !terminal.platforms.includes(host.platform)) continue;
    if (await terminal.available(host)) return { name: candidate, terminal };
    looked.push(terminal.requirement);
  }
  throw terminalUnavailable(
    `no terminal application found: looked for ${looked.join('; ')}. Set terminal: in ao.config.yaml, or run \`ao attach <id>\` in a terminal`,
  );
}
