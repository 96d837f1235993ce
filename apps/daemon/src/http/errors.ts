import type { ErrorCode } from '@ao/shared/api';

/** An error with a code the API maps to a status. Messages are shown to users: say what to do. */
export class AoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AoError';
  }
}

export const badRequest = (message: string, field?: string) =>
  new AoError('bad_request', message, 400, field);
export const notFound = (message: string) => new AoError('not_found', message, 404);
export const sessionNotFound = (id: string) => new AoError('session_not_found', `no session "${id}"`, 404);
export const projectNotFound = (id: string) =>
  new AoError('project_not_found', `no project "${id}" (run \`ao init\` in its repository)`, 404);
export const conflict = (message: string) => new AoError('conflict', message, 409);
export const runtimeError = (message: string) => new AoError('runtime_error', message, 502);
