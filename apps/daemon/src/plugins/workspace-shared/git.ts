import type { ExecFn } from '@ao/shared/plugin';

/** Timeouts for git: local commands are quick; fetch and clone talk to the network. */
export interface GitTimeouts {
  localMs: number;
  networkMs: number;
}

export interface Git {
  /** Runs git in `cwd` and returns its stdout without trailing whitespace; rejects with git's stderr on failure. */
  run(cwd: string, args: readonly string[], opts?: { network?: boolean }): Promise<string>;
  /**
   * Runs a git query whose non-zero exit means "no" (`rev-parse --verify --quiet`, `config --get`): returns null then.
   * Other failures (git missing, a timeout) still reject.
   */
  probe(cwd: string, args: readonly string[]): Promise<string | null>;
}

/** An exit status from a process that ran to its end (as opposed to a spawn error or a kill on timeout). */
function exitedWithStatus(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const { code, killed } = err as Error & { code?: unknown; killed?: unknown };
  return typeof code === 'number' && killed !== true;
}

export function createGit(exec: ExecFn, timeouts: GitTimeouts): Git {
  // Never prompt for credentials (there is no terminal to answer), and keep git's output in English for parsing.
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', LC_ALL: 'C' };
  const run: Git['run'] = async (cwd, args, opts) => {
    const timeoutMs = opts?.network ? timeouts.networkMs : timeouts.localMs;
    const { stdout } = await exec('git', args, { cwd, env, timeoutMs });
    return stdout.trimEnd();
  };
  return {
    run,
    async probe(cwd, args) {
      try {
        return await run(cwd, args);
      } catch (err) {
        if (exitedWithStatus(err)) return null;
        throw err;
      }
    },
  };
}
