/** What every plugin gets from the daemon. */

export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
}
/** Runs a program with an argument array (never a shell string). Rejects on non-zero exit with stderr in the message. */
export type ExecFn = (
  file: string,
  args: readonly string[],
  opts?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string },
) => Promise<ExecResult>;

export interface PluginContext {
  /** ao's data directory (database, worktrees, logs, secrets). */
  dataDir: string;
  logger: Logger;
  exec: ExecFn;
}
