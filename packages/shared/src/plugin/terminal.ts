/** The terminal slot: the user's terminal application, opened on a session (`ao attach --open`, the dashboard). */

/** Where a terminal would open: the daemon's environment (DISPLAY, WAYLAND_DISPLAY, TMUX, PATH) and platform. */
export interface TerminalHost {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
}

export interface TerminalOpenRequest {
  /** ao's session id. */
  sessionId: string;
  /** The window or tab title. */
  title: string;
  /** The runtime's attach command (`tmux -S <ao socket> attach-session -t =<id>`): run as an argument array, never
   *  through a shell string built from it. */
  argv: readonly string[];
  host: TerminalHost;
}

export interface Terminal {
  /** Whether this application can open a window here now: installed, and a display (or a tmux server) to open in. */
  available(host: TerminalHost): Promise<boolean>;
  /** What `available` looks for, for the error when nothing is found (e.g. "xterm on PATH with DISPLAY set"). */
  readonly requirement: string;
  /** The platforms the application exists on (iTerm2: macOS); absent: any. `auto` passes it by elsewhere. */
  readonly platforms?: readonly NodeJS.Platform[];
  /** Opens a new window or tab running `argv`; resolves once the application started (it runs on, detached). */
  open(req: TerminalOpenRequest): Promise<void>;
}
