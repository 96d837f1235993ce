/**
 * Coded errors, defined once for the daemon, its plugins and its clients. A code maps to one HTTP status (the table
 * below); a message is shown to users as it is, so it says what to do. Plugins (built-in or from npm) throw these;
 * only the daemon's HTTP layer turns them into replies.
 */
export const errorStatus = {
  bad_request: 400,
  malformed_json: 400,
  unauthorized: 401,
  missing_signature: 401,
  bad_signature: 401,
  forbidden: 403,
  not_found: 404,
  session_not_found: 404,
  project_not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  unsafe_worktree: 409,
  plugin_not_found: 400,
  payload_too_large: 413,
  internal: 500,
  runtime_error: 502,
  delivery_failed: 502,
  /** An accepted escalation's action (merge, re-run, message, kill, restore) failed. */
  action_failed: 502,
  tracker_error: 502,
  tracker_unavailable: 503,
  terminal_unavailable: 503,
  registry_unavailable: 502,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as ErrorCode[];

export class AoError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AoError';
    this.status = errorStatus[code];
  }
}

export const badRequest = (message: string, field?: string) => new AoError('bad_request', message, field);
export const notFound = (message: string) => new AoError('not_found', message);
export const sessionNotFound = (id: string) => new AoError('session_not_found', `no session "${id}"`);
export const projectNotFound = (id: string) =>
  new AoError('project_not_found', `no project "${id}" (run \`ao init\` in its repository)`);
export const conflict = (message: string) => new AoError('conflict', message);
export const runtimeError = (message: string) => new AoError('runtime_error', message);
/** The issue tracker (named in the message) could not be reached or timed out. */
export const trackerUnavailable = (message: string) => new AoError('tracker_unavailable', message);
/** The issue tracker (named in the message) answered with an error ao cannot fix (refused key, bad answer). */
/** No terminal application (the message names what was looked for) can open a window here. */
export const terminalUnavailable = (message: string) => new AoError('terminal_unavailable', message);
export const forbidden = (message: string) => new AoError('forbidden', message);
export const trackerError = (message: string) => new AoError('tracker_error', message);
