import { execFile } from 'node:child_process';
import type { ExecFn } from '@ao/shared/plugin';

export class ExecError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly args: readonly string[],
    readonly code: number | string | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'ExecError';
  }
}

/** Runs a program with an argument array, never through a shell. */
export const exec: ExecFn = (file, args, opts = {}) =>
  new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args as string[],
      {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        timeout: opts.timeoutMs ?? 30_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException & { code?: number | string }).code ?? null;
          const detail = String(stderr || err.message)
            .trim()
            .split('\n')
            .slice(-5)
            .join('\n');
          reject(
            new ExecError(`${file} ${args[0] ?? ''} failed: ${detail}`, file, args, code, stdout, stderr),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
