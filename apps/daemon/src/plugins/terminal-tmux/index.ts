import type { ExecFn, PluginModule, Terminal, TerminalOpenRequest } from '@ao/shared/plugin';
import { z } from 'zod';
import { type MachineDeps, realMachine } from '../terminal-shared/find-program';
import { checkArgv } from '../terminal-shared/gui-terminal';

const configSchema = z
  .object({
    binary: z
      .string()
      .min(1)
      .default('tmux')
      .describe('The tmux program (a name on PATH or an absolute path)'),
    socket: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Your own tmux server's socket (never ao's); default: the one in $TMUX, else tmux's default socket",
      ),
    session: z
      .string()
      .regex(/^[^:=.]+$/, 'a tmux session name')
      .optional()
      .describe("Your tmux session the window opens in; default: tmux's current session"),
  })
  .strict();
export type TmuxTerminalConfig = z.output<typeof configSchema>;

/** The tmux arguments (after the program) that open `req` as a new window of the user's own tmux. */
export function tmuxTerminalArgs(config: TmuxTerminalConfig, req: TerminalOpenRequest): string[] {
  checkArgv(req.argv);
  const socket = config.socket ?? req.host.env.TMUX?.split(',')[0];
  // The attach command names ao's own socket (`tmux -S <ao socket> attach-session ...`): never open a window there.
  if (socket && req.argv.some((word, i) => word === socket && req.argv[i - 1] === '-S'))
    throw new Error(
      `${socket} is ao's own tmux server (the daemon runs inside it): set terminals.tmux.socket to your tmux's socket`,
    );
  // One word would be run by tmux through `sh -c`; two or more are run as they are (execvp).
  const command = req.argv.length === 1 ? ['env', '--', ...req.argv] : [...req.argv];
  return [
    ...(socket ? ['-S', socket] : []),
    'new-window',
    ...(config.session ? ['-t', `=${config.session}:`] : []),
    '-n',
    req.title,
    '--',
    ...command,
  ];
}

export function createTmuxTerminal(
  config: TmuxTerminalConfig,
  deps: MachineDeps & { exec: ExecFn },
): Terminal {
  return {
    requirement: `${config.binary} on PATH with the daemon inside tmux ($TMUX) or terminals.tmux.socket set`,
    async available(host) {
      return Boolean(config.socket || host.env.TMUX) && deps.which(config.binary, host.env) !== null;
    },
    async open(req) {
      await deps.exec(config.binary, tmuxTerminalArgs(config, req), { env: req.host.env, timeoutMs: 10_000 });
    },
  };
}

/** A new window in the user's own tmux session, attached to ao's session (tmux allows this: another server). */
export const terminalTmux = {
  manifest: { name: 'tmux', slot: 'terminal', description: 'A new window in your own tmux session' },
  configSchema,
  create(config, ctx): Terminal {
    return createTmuxTerminal(config, { ...realMachine, exec: ctx.exec });
  },
} satisfies PluginModule<'terminal', typeof configSchema>;
