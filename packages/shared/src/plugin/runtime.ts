/** The runtime slot: where an agent's program runs (tmux, a pty held by the daemon, a container, a pod). */

/** Opaque to everything but the runtime that made it; stored as JSON. */
export interface RuntimeHandle {
  runtime: string;
  /** The runtime's own name for the session (a tmux session name, a pty key). */
  id: string;
  data?: Record<string, string | number | boolean | null>;
}

/**
 * The agent's own state (e.g. Claude's config dir) for a runtime off the daemon's disk: `dir` is made writable and
 * empty in the agent's box, each `from` (one of the session's `files`) is copied to `to` (in `dir`) before the agent
 * starts, and `env` is set so the agent finds `dir` there. Only what ao itself prepared for this session is seeded.
 */
export interface StateSeed {
  dir: string;
  copies: ReadonlyArray<{ from: string; to: string }>;
  env: Record<string, string>;
}

export interface RuntimeSpawnOptions {
  /** ao's session id; runtimes derive their own exact names from it. */
  sessionId: string;
  /** The session's project (a label on runtimes that keep labels). */
  projectId?: string;
  cwd: string;
  /** argv: the program and its arguments. Never passed through a shell by the runtime. */
  command: readonly string[];
  env: Record<string, string>;
  cols?: number;
  rows?: number;
  /** A file the runtime appends all terminal output to (the session log). */
  logPath?: string;
  /**
   * Host paths the program reads and writes besides `cwd` (ao's session dir with hook scripts, the agent's config and
   * state dirs). Runtimes that isolate the filesystem (containers) bind-mount each at the same path; others ignore it.
   */
  mounts?: readonly string[];
  /**
   * Files (in ao's session dir) the agent reads at start: its settings and hooks, a hook script, an MCP config. They
   * may hold the session's secrets. Runtimes that see the daemon's disk ignore it; one that does not (Kubernetes with
   * a cloned workspace) gives the agent a copy at the same paths, by a secret-safe channel.
   */
  files?: readonly string[];
  /**
   * Where a forwarder may ship the agent's transcript/status files when they are not on the daemon's disk: the
   * daemon's `/api/hooks/<session>/files` URL, the session's hook secret and the agent's rules (pattern as regex
   * source). Runtimes whose files are on the daemon's disk ignore it.
   */
  /** The agent's writable state dir and its seed (see `StateSeed`); runtimes on the daemon's disk ignore it. */
  stateSeed?: StateSeed;
  forward?: {
    url: string;
    secret: string;
    rules: ReadonlyArray<{ dir: string; pattern: string; mode: 'append' | 'replace' }>;
  };
}

/** What `Runtime.saveWork` did. */
export interface SavedWork {
  /** `saved`: pushed to `ref`; `clean`: nothing unpushed; `none`: no workspace to save (no pod, or not a clone);
   * `unreachable`: the workspace could not be read any more (the pod had ended), so nothing could be saved. */
  outcome: 'saved' | 'clean' | 'none' | 'unreachable';
  /** One line for the session's record and the user: what was saved and where. */
  detail: string;
  ref?: string;
  commit?: string;
}

/** A live view of a session's terminal, for the web terminal. */
export interface TerminalStream {
  onData(cb: (chunk: string) => void): void;
  onExit(cb: () => void): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  close(): void;
}

/**
 * Where a runtime session stands: its program runs; its program ended but the runtime session is kept (its last
 * screen readable), with the exit code or signal when known; or the runtime session is gone altogether.
 */
export type RuntimeState =
  | { state: 'alive' }
  | { state: 'exited'; exitCode: number | null; signal: string | null }
  | { state: 'gone' };

/**
 * Pushed by a runtime as it happens (never found by polling): a session's program ended, a session vanished, or the
 * runtime lost its view of the world (e.g. its server restarted) and every session must be looked at again.
 */
export type RuntimeEvent =
  | { type: 'exited'; id: string; exitCode: number | null; signal: string | null }
  | { type: 'gone'; id: string }
  | { type: 'resync' };

export interface Runtime {
  spawn(opts: RuntimeSpawnOptions): Promise<RuntimeHandle>;
  /** The state of many sessions in one query (one tmux call for all, never one per session). */
  stateMany(handles: readonly RuntimeHandle[]): Promise<Map<string, RuntimeState>>;
  /**
   * Subscribes to the runtime's own events (push-based liveness). Optional: without it the daemon cannot see a death
   * until it asks, and says so in its log. Returns an unsubscribe function.
   */
  watch?(listener: (event: RuntimeEvent) => void): () => void;
  /**
   * When each session last produced output (epoch ms), in one query for all: lets the screen fallback skip capturing
   * screens that cannot have changed. Optional; sessions missing from the map are unknown.
   */
  lastOutputMany?(handles: readonly RuntimeHandle[]): Promise<Map<string, number>>;
  /** Every runtime session ao owns that exists right now (ids), to find orphans after a restart. */
  listOwned(): Promise<string[]>;
  /** Types text literally (no key names interpreted); does not press Enter. */
  sendText(handle: RuntimeHandle, text: string): Promise<void>;
  /** Presses named keys: 'Enter', 'Escape', 'C-c', 'Up', 'Down', ... */
  sendKeys(handle: RuntimeHandle, keys: readonly string[]): Promise<void>;
  /** The visible screen (and up to `scrollback` lines above it) as plain text; also of a program that ended. */
  capture(handle: RuntimeHandle, scrollback?: number): Promise<string>;
  /** Stops the session and its whole process group. Idempotent. */
  kill(handle: RuntimeHandle): Promise<void>;
  /**
   * Saves the work that `kill` would destroy, for runtimes whose workspace lives only in the runtime (a pod's clone):
   * commits not on the remote and uncommitted changes go to a rescue ref on the remote, the agent's branch untouched.
   * Throws when there is work that could not be saved (the daemon then refuses the kill unless forced). Optional:
   * runtimes whose workspace is on the daemon's disk have nothing to save. `cwd` is the session's worktree path (where
   * the runtime put the workspace).
   */
  saveWork?(handle: RuntimeHandle, cwd: string): Promise<SavedWork>;
  /** PID of the program started in the session, when known. */
  pid(handle: RuntimeHandle): Promise<number | null>;
  /** argv that attaches the user's terminal (`ao attach`), or null when this runtime cannot. */
  attachCommand(handle: RuntimeHandle): string[] | null;
  /** Opens an interactive stream for the web terminal. */
  openTerminal(handle: RuntimeHandle, size: { cols: number; rows: number }): Promise<TerminalStream>;
  /**
   * The daemon's URL as seen from inside this runtime's sessions (agents' hooks and callbacks use it), given the URL
   * the daemon has on its own host. Optional: without it the daemon's own URL is used (local runtimes). May set up
   * what the sessions need to reach it (a network, a listener), hence a promise.
   */
  callbackUrl?(daemonUrl: string): string | Promise<string>;
  /** Releases what the runtime holds in the daemon (not the sessions themselves, for tmux). */
  close?(): Promise<void>;
}
