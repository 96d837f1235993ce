/** The agent slot: a coding agent CLI (Claude Code, Codex, OpenCode, Aider, any program). */
import type { Logger } from './common';
import type { Runtime, RuntimeHandle, StateSeed } from './runtime';

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
  /** Text ao adds to the agent's system prompt (lessons, the orchestrator's role), through the agent's own
   *  system-prompt channel (Claude `--append-system-prompt`, Codex/OpenCode instructions); never a file in the worktree. */
  systemPrompt?: string | null;
  /** ao's MCP server for this session: its URL and this session's scoped bearer token (never put in argv). */
  mcp?: { url: string; token: string } | null;
}

export interface AgentLaunchPlan {
  command: string[];
  env: Record<string, string>;
  /** How the prompt reaches the agent: already in argv, typed after start, or not at all. */
  prompt: { mode: 'argv' } | { mode: 'type'; text: string; delayMs: number } | { mode: 'none' };
  /** The agent's own session/conversation id when fixed in advance (claude --session-id). */
  agentSessionId: string | null;
  model: string | null;
  /**
   * Files in the session dir the agent reads at start (settings with its hooks, hook script, MCP config); they may hold
   * the session's secrets. A runtime whose agent does not see the daemon's disk ships them in at the same paths.
   */
  files?: string[];
  /** The agent's state a runtime off the daemon's disk seeds into a writable dir (its seed files are in `files`). */
  stateSeed?: StateSeed;
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
  /** A turn started with this text (prompt hook, transcript user line): the message is delivered. */
  userTurn?: { text: string; at: string };
  /** The agent took this text into its queue while busy: accepted, but delivered only when a turn starts with it. */
  queued?: { text: string; at: string };
  /** Queued texts the agent discarded (interrupted, cleared, exited): reported, never silently lost. */
  dropped?: { texts: string[]; reason: string; at: string };
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
  /** What this agent's watcher saved last (e.g. a transcript offset and totals), to go on where it stopped. */
  saved?: Record<string, unknown> | null;
  /** Keeps a small JSON state with the session across daemon restarts (the last call wins). */
  save?(state: Record<string, unknown>): void;
}

export interface AgentWatcher {
  close(): void;
}

/** Something that stops the agent, recognised from its exit or its screen, and the one command that fixes it. */
export interface AgentDiagnosis {
  detail: string;
  fix: string | null;
}

/** What the agent's screen shows when it stopped: a permission prompt `approve` may answer, or another dialog. */
export interface ScreenVerdict {
  kind: 'permission' | 'dialog';
  /** The dialog's own words, trimmed. */
  text: string;
}

/**
 * Files of the agent a forwarder beside a remote agent (a pod whose disk is not the daemon's) may mirror onto the
 * daemon's disk, at the same path: files directly in `dir` whose name matches `pattern` (no `/`). `append` files
 * (JSONL transcripts) only grow; `replace` files (status JSON) are written whole. Never settings or hook scripts.
 */
export interface ForwardRule {
  dir: string;
  pattern: RegExp;
  mode: 'append' | 'replace';
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
   * Reads the agent's durable state now (status file, transcript since the saved offset, rollout, server) and says
   * what the agent is doing, or null when it cannot tell. Called on recovery and whenever a signal may have been
   * missed, before the daemon answers anyone.
   */
  probe?(ctx: AgentWatchContext): Promise<AgentObservation | null>;
  /** A known reason for the agent to end by itself (not logged in, no network), from its exit and last lines. */
  diagnoseExit?(exit: { exitCode: number | null; lastLines: readonly string[] }): AgentDiagnosis | null;
  /** Reads a screen the agent waits on; null when it is neither a permission prompt nor a known dialog. */
  inspectScreen?(screen: string): ScreenVerdict | null;
  /**
   * Types a message into the agent's terminal and submits it. The daemon then waits for a `userTurn` (or `queued`)
   * observation to confirm it and calls this again (retry) if none comes. Default: sendText + Enter.
   */
  typeMessage?(runtime: Runtime, handle: RuntimeHandle, message: string): Promise<void>;
  /**
   * Host paths (directories or files) the agent reads and writes outside the worktree: its config, transcripts and
   * status files. A container runtime mounts them at the same path, so they are read exactly as on the host.
   */
  stateDirs?(): string[];
  /** What a forwarder may mirror for the session in `cwd` (see {@link ForwardRule}); none when absent. */
  forwardable?(ctx: { cwd: string }): ForwardRule[];
  /** Keys that answer a permission prompt with yes (e.g. ['Enter'] or ['1', 'Enter']). */
  approveKeys?: readonly string[];
}
