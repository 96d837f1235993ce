import { spawn } from 'node:child_process';

/** Starts a program that outlives the call (a terminal window), with an argument array; never through a shell. */
export type SpawnFn = (
  file: string,
  args: readonly string[],
  opts: { env: Record<string, string | undefined> },
) => Promise<void>;

/** Spawns detached (its own process group, no stdio): resolves once it started, rejects when it cannot start
 *  (e.g. ENOENT, named in the message). */
export const spawnDetached: SpawnFn = (file, args, opts) =>
  new Promise((resolve, reject) => {
    const child = spawn(file, args as string[], { detached: true, stdio: 'ignore', env: opts.env });
    child.once('error', (err) => reject(new Error(`cannot start ${file}: ${err.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
