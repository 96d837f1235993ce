import { execFile } from 'node:child_process';

/** What a git process ended with: its exit status and stdout (the caller decides which statuses are answers). */
export interface GitResult {
  code: number;
  stdout: string;
}

export type RunGit = (repo: string, args: readonly string[], input?: string) => Promise<GitResult>;

/** git must never prompt, and speaks C for parsing. */
const ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', LC_ALL: 'C' };

/**
 * Runs git in `repo` with an argument array (never a shell). Resolves with the exit status when git ran to its end
 * with status 0 or 1 (merge-tree's "conflicts"); anything else (a higher status, a timeout, git missing) rejects.
 */
export function createRunGit(timeoutMs = 60_000): RunGit {
  return (repo, args, input) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args as string[],
        { cwd: repo, env: ENV, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (!err) return resolve({ code: 0, stdout });
          const { code, killed } = err as Error & { code?: unknown; killed?: boolean };
          if (code === 1 && !killed) return resolve({ code: 1, stdout });
          const detail = String(stderr || err.message)
            .trim()
            .split('\n')
            .slice(-3)
            .join('\n');
          reject(new Error(`git ${args[0] ?? ''} failed: ${detail}`));
        },
      );
      child.stdin?.on('error', () => undefined); // git may exit before reading it all: its status says why
      child.stdin?.end(input ?? '');
    });
}

/** At most `n` tasks at once (the machine has few cores; each git process takes one). */
export function createLimit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (active >= n) return;
    const start = queue.shift();
    if (start) {
      active++;
      start();
    }
  };
  return (task) =>
    new Promise((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          });
      });
      next();
    });
}
