import type { z } from 'zod';
import type { PullRequest } from './session';

/**
 * Plugin slots and their interfaces. A plugin module is `{ manifest, configSchema, create }`; the registry is typed by
 * slot, so `registry.get('runtime', 'tmux')` returns a `Runtime`.
 */

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

// ---------------------------------------------------------------- runtime

/** Opaque to everything but the runtime that made it; stored as JSON. */
export interface RuntimeHandle {
  runtime: string;
  /** The runtime's own name for the session (a tmux session name, a pty key). */
  id: string;
  data?: Record<string, string | number | boolean | null>;
}

export interface RuntimeSpawnOptions {
  /** ao's session id; runtimes derive their own exact names from it. */
  sessionId: string;
  cwd: string;
  /** argv: the program and its arguments. Never passed through a shell by the runtime. */
  command: readonly string[];
  env: Record<string, string>;
  cols?: number;
  rows?: number;
  /** A file the runtime appends all terminal output to (the session log). */
  logPath?: string;
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

export interface Runtime {
  spawn(opts: RuntimeSpawnOptions): Promise<RuntimeHandle>;
  /** Liveness of many sessions in one query (one tmux call for all, never one per session). */
  aliveMany(handles: readonly RuntimeHandle[]): Promise<Map<string, boolean>>;
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
  /** The visible screen (and up to `scrollback` lines above it) as plain text. */
  capture(handle: RuntimeHandle, scrollback?: number): Promise<string>;
  /** Stops the session and its whole process group. Idempotent. */
  kill(handle: RuntimeHandle): Promise<void>;
  /** PID of the program started in the session, when known. */
  pid(handle: RuntimeHandle): Promise<number | null>;
  /** argv that attaches the user's terminal (`ao attach`), or null when this runtime cannot. */
  attachCommand(handle: RuntimeHandle): string[] | null;
  /** Opens an interactive stream for the web terminal. */
  openTerminal(handle: RuntimeHandle, size: { cols: number; rows: number }): Promise<TerminalStream>;
  /** Releases what the runtime holds in the daemon (not the sessions themselves, for tmux). */
  close?(): Promise<void>;
}

// ---------------------------------------------------------------- workspace

export interface WorkspaceCreateOptions {
  sessionId: string;
  /** The user's repository (its root). */
  repoPath: string;
  remote: string;
  baseBranch: string;
  branch: string;
  /** Where to create it (under ao's data dir). */
  path: string;
}

export interface WorkspaceInfo {
  path: string;
  branch: string;
  baseBranch: string;
  /** Commit the branch was created from. */
  baseSha: string;
}

export interface WorkspaceState {
  exists: boolean;
  /** Uncommitted changes (tracked or untracked). */
  dirty: boolean;
  /** Commits on the branch that are on no remote branch. */
  unpushed: number;
}

export interface Workspace {
  create(opts: WorkspaceCreateOptions): Promise<WorkspaceInfo>;
  state(path: string, repoPath: string): Promise<WorkspaceState>;
  /** Removes the workspace. Refuses (throws `UnsafeWorkspaceError`) when dirty or unpushed, unless `force`. */
  remove(path: string, repoPath: string, opts: { force: boolean }): Promise<void>;
  /** Workspace paths this plugin created for the repository (to find ones no session accounts for). */
  list?(repoPath: string): Promise<string[]>;
}

// ---------------------------------------------------------------- agent

export type PermissionMode = 'default' | 'auto-edit' | 'skip';

export interface AgentLaunchContext {
  sessionId: string;
  projectId: string;
  cwd: string;
  prompt: string | null;
  /** A directory owned by ao for this session (outside the worktree): settings files, hook scripts. */
  sessionDir: string;
  /** Base URL agents call back into (`http://127.0.0.1:3000/api/hooks/<sessionId>`) and its secret. */
  hookUrl: string;
  hookSecret: string;
  /** Set when restoring: the agent's own conversation id to resume. */
  resume: { agentSessionId: string } | null;
}

export interface AgentLaunchPlan {
  command: string[];
  env: Record<string, string>;
  /** How the prompt reaches the agent: already in argv, typed after start, or not at all. */
  prompt: { mode: 'argv' } | { mode: 'type'; text: string; delayMs: number } | { mode: 'none' };
  /** The agent's own session/conversation id when fixed in advance (claude --session-id). */
  agentSessionId: string | null;
  model: string | null;
}

/** An observation of an agent's state from one of its signals. */
export interface ActivitySignal {
  activity: 'working' | 'idle' | 'waiting_input' | 'blocked' | 'exited';
  /** Which signal: 'hook:Stop', 'transcript', 'status-file', 'notify', 'screen', ... */
  source: string;
  /** Human-readable why, e.g. 'permission prompt: Bash(rm -rf build)'. */
  detail: string;
  confidence: 'high' | 'medium' | 'low';
  /** ISO time the agent produced the signal (defaults to when ao received it). */
  at?: string;
}

/** What an agent's signals tell ao; every field optional, merged into the session by the daemon. */
export interface AgentObservation {
  signal?: ActivitySignal;
  /** A user turn arrived (prompt hook or transcript line): confirms message delivery. */
  userTurn?: { text: string; at: string };
  /** Totals so far for the session (not deltas). */
  usage?: { model: string | null; tokensIn: number; tokensOut: number; costUsd?: number };
  title?: string;
  agentSessionId?: string;
  model?: string;
}

export interface AgentWatchContext {
  sessionId: string;
  cwd: string;
  sessionDir: string;
  agentSessionId: string | null;
  /** PID of the agent process (from the runtime), when known. */
  pid: number | null;
  /** Reads the session's screen (lowest-confidence evidence). */
  capture: () => Promise<string>;
  logger: Logger;
}

export interface AgentWatcher {
  close(): void;
}

export interface Agent {
  launch(ctx: AgentLaunchContext): Promise<AgentLaunchPlan>;
  /** Whether this agent can resume its own conversation on restore. */
  readonly canResume: boolean;
  /**
   * A callback the agent made into `POST /api/hooks/:sessionId` (already authenticated with the session's secret).
   * Returns what it tells, or null when it tells nothing. Must not throw on malformed bodies: return null.
   */
  onHook?(body: unknown): AgentObservation | null;
  /** Follows the agent's own files/streams for one session; calls `emit` for each observation. */
  watch?(ctx: AgentWatchContext, emit: (obs: AgentObservation) => void): AgentWatcher;
  /**
   * Types a message into the agent's terminal and submits it. The daemon then waits for a `userTurn` observation to
   * confirm delivery and calls `submit` again (retry) if none comes. Default: sendText + Enter.
   */
  typeMessage?(runtime: Runtime, handle: RuntimeHandle, message: string): Promise<void>;
  /** Keys that answer a permission prompt with yes (e.g. ['Enter'] or ['1', 'Enter']). */
  approveKeys?: readonly string[];
}

// ---------------------------------------------------------------- tracker

export interface TrackerIssue {
  number: number;
  title: string;
  body: string;
  url: string | null;
  labels: string[];
  comments: Array<{ author: string; body: string }>;
}

export interface Tracker {
  getIssue(repo: string, number: number): Promise<TrackerIssue>;
  listOpen(repo: string): Promise<TrackerIssue[]>;
  /** The agent's prompt for an issue. */
  promptFor(issue: TrackerIssue): string;
}

// ---------------------------------------------------------------- notifier

export type NotificationPriority = 'urgent' | 'action' | 'warning' | 'info';

export interface Notification {
  /** Stable id: the router never sends the same id twice to a channel. */
  id: string;
  priority: NotificationPriority;
  title: string;
  body: string;
  url?: string;
  sessionId?: string;
}

export interface Notifier {
  /** Delivers one notification; rejects when it could not (after the notifier's own bounded retries). */
  send(n: Notification): Promise<void>;
}

// ---------------------------------------------------------------- scm

/** A failed check on a PR head, with the failing part of its log for the agent. */
export interface FailedCheckDetail {
  name: string;
  url: string | null;
  /** The failing part of the log (or the check's own summary), bounded in size. */
  excerpt: string;
}

export interface Scm {
  /** The open (or most recent) PR whose head is `branch`, or null. */
  findPr(repo: string, branch: string): Promise<PullRequest | null>;
  /** Full state: checks (check runs AND commit statuses, every one with its link), ci rollup
   *  ('none'|'pending'|'passing'|'failing': pending until every check on the head commit has finished), review decision,
   *  requested reviewers, unresolved review threads (file, line, author, body, url), mergeability/conflicts. */
  getPr(repo: string, number: number, opts?: { fresh?: boolean }): Promise<PullRequest>;
  createPr(
    repo: string,
    opts: { head: string; base: string; title: string; body: string; draft?: boolean },
  ): Promise<PullRequest>;
  merge(repo: string, number: number, method: 'squash' | 'merge' | 'rebase'): Promise<void>;
  /** For failed checks on the PR head: name, link and the failing part of the log (Actions job logs, the last ~60
   *  lines around the first error / '##[error]'), bounded in size. */
  failedCheckDetails(repo: string, number: number): Promise<FailedCheckDetail[]>;
  /** Requests made so far and how many were 304s (for the rate-limit benchmark). */
  stats(): { requests: number; notModified: number };
}

// ---------------------------------------------------------------- plugin modules

export type SlotName = 'runtime' | 'agent' | 'workspace' | 'tracker' | 'scm' | 'notifier' | 'terminal';

export interface SlotTypes {
  runtime: Runtime;
  agent: Agent;
  workspace: Workspace;
  tracker: Tracker;
  scm: Scm;
  notifier: Notifier;
  terminal: unknown;
}

export interface PluginManifest<S extends SlotName = SlotName> {
  name: string;
  slot: S;
  description: string;
  version?: string;
}

export interface PluginModule<S extends SlotName = SlotName, C extends z.ZodType = z.ZodType> {
  manifest: PluginManifest<S>;
  configSchema: C;
  create(config: z.output<C>, ctx: PluginContext): SlotTypes[S];
}
