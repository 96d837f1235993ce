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
  /** Hook-only listeners on more addresses of this machine (a container network's gateway); absent in unit tests. */
  hookListeners?: HookListeners;
}

/**
 * The daemon serves agents' hook routes (`/api/hooks/...`, each with its per-session secret) and nothing else on an
 * extra address, e.g. the gateway of a container network that reaches only the host. Closed with the daemon.
 */
export interface HookListeners {
  /** The port hooks are (to be) served on at `host`; stable across daemon restarts (remembered in the data dir). */
  portFor(host: string): Promise<number>;
  /**
   * Starts serving at `host` on `portFor(host)`; idempotent. Rejects with the OS error code (`EADDRNOTAVAIL`: the
   * address is not on this machine yet, e.g. a bridge that comes up with its first container). `egress`: upstream
   * base URLs by name, reverse-proxied at `/egress/<name>/...` on that listener (e.g. a model API).
   */
  listen(host: string, egress?: Readonly<Record<string, string>>): Promise<void>;
}
