import type { SessionStatus } from '@ao/shared/session';

/**
 * The legal moves of a session's status, as a table (tested as one). `SessionStore.update` refuses any other move.
 * A status may always stay what it is (updates of activity, PR, usage).
 */
export const transitions: Record<SessionStatus, readonly SessionStatus[]> = {
  // Workspace and runtime being created.
  spawning: ['running', 'failed', 'killed'],
  // The agent runs: it may end by itself, lose its runtime, be stopped, or finish with its PR.
  running: ['exited', 'runtime_lost', 'killed', 'done'],
  // Restorable states: restore makes them run again; a merged or closed PR still finishes them.
  exited: ['running', 'runtime_lost', 'killed', 'done'],
  runtime_lost: ['running', 'exited', 'killed', 'done'],
  failed: ['running', 'killed', 'done'],
  killed: ['running', 'done'],
  // Terminal: the PR was merged or closed.
  done: [],
};

export function canMove(from: SessionStatus, to: SessionStatus): boolean {
  return from === to || transitions[from].includes(to);
}

/** Statuses in which the agent may be alive and its signals count. */
export const LIVE: ReadonlySet<SessionStatus> = new Set(['spawning', 'running']);
/** Statuses of sessions that still need the GitHub loop and reactions (their PR may move). */
export const ACTIVE: ReadonlySet<SessionStatus> = new Set(['spawning', 'running', 'exited', 'runtime_lost']);
/** Statuses that `restore` brings back. */
export const RESTORABLE: ReadonlySet<SessionStatus> = new Set(['exited', 'runtime_lost', 'failed', 'killed']);
