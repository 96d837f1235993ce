import type { ExecFn } from '@ao/shared/plugin';
import type { TmuxSocket } from './socket';
import { escapeTmuxArg } from './tmux-args';

export type TmuxCommand = readonly string[];

export interface TmuxClient {
  readonly tmuxPath: string;
  readonly socket: TmuxSocket;
  /**
   * Runs one or more tmux commands in ONE tmux process (joined with tmux's own ';' separator; tmux stops at the first
   * failing command). Every argument is escaped so data can never end a command early. `input` goes to stdin.
   */
  run(commands: readonly TmuxCommand[], input?: string): Promise<string>;
}

export function createTmuxClient(opts: {
  exec: ExecFn;
  tmuxPath: string;
  socket: TmuxSocket;
  timeoutMs: number;
}): TmuxClient {
  const { exec, tmuxPath, socket, timeoutMs } = opts;
  return {
    tmuxPath,
    socket,
    async run(commands, input) {
      const args: string[] = [socket.flag, socket.value];
      commands.forEach((command, i) => {
        if (i > 0) args.push(';');
        for (const arg of command) args.push(escapeTmuxArg(arg));
      });
      const result = await exec(tmuxPath, args, input === undefined ? { timeoutMs } : { timeoutMs, input });
      return result.stdout;
    },
  };
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const stderr = (err as Error & { stderr?: unknown }).stderr;
  return `${err.message}\n${typeof stderr === 'string' ? stderr : ''}`;
}

/** No tmux server on ao's socket (never started, or exited with its last session). */
export function isNoServer(err: unknown): boolean {
  return /no server running|error connecting to|server exited unexpectedly/i.test(errorText(err));
}

/**
 * Runs `fn` again while the server that answered was exiting ("server exited unexpectedly": a `kill-server` or a crash
 * under way; the command did not run there): the next try starts a new server. At most 5 tries, 0.1–0.4 s apart.
 */
export async function onLiveServer<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 5 || !/server exited unexpectedly/i.test(errorText(err))) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** The targeted session (or its pane) does not exist; "no current target" when the server has no session at all. */
export function isNoSession(err: unknown): boolean {
  return /can't find (session|window|pane)|session not found|no current target/i.test(errorText(err));
}

/** The server or the session is gone: what an idempotent or best-effort call may ignore. */
export function isGone(err: unknown): boolean {
  return isNoServer(err) || isNoSession(err);
}
