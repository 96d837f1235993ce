import { execFile } from 'node:child_process';

/** What a git process ended with; every exit status is an answer here (the caller decides). */
export interface GitOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export type GitRunner = (
  cwd: string,
  args: readonly string[],
  opts?: { env?: Record<string, string> },
) => Promise<GitOutcome>;

/** git never prompts and speaks C. */
const BASE_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', LC_ALL: 'C' };

/**
 * Runs git in `cwd` with an argument array (never a shell) and a timeout. Resolves with any exit status; rejects
 * only when git could not run or timed out.
 */
export function createGitRunner(timeoutMs = 120_000): GitRunner {
  return (cwd, args, opts = {}) =>
    new Promise((resolve, reject) => {
      execFile(
        'git',
        args as string[],
        {
          cwd,
          env: { ...BASE_ENV, ...opts.env },
          timeout: timeoutMs,
          maxBuffer: 16 * 1024 * 1024,
          encoding: 'utf8',
        },
        (err, stdout, stderr) => {
          if (!err) return resolve({ code: 0, stdout, stderr });
          const { code, killed } = err as Error & { code?: unknown; killed?: boolean };
          if (typeof code === 'number' && !killed) return resolve({ code, stdout, stderr });
          reject(new Error(`git ${args[0] ?? ''} did not finish: ${err.message}`));
        },
      );
    });
}
