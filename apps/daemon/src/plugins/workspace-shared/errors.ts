import { AoError } from '@ao/shared/errors';

/** What makes removing a workspace unsafe: work that would be lost. */
export interface UnsafeReason {
  path: string;
  /** Uncommitted files (tracked changes and untracked files), as `git status --porcelain` names them. */
  dirtyFiles: string[];
  /** Commits reachable from HEAD and from no remote-tracking ref. */
  unpushed: number;
}

const SHOWN_FILES = 10;

function describe(reason: UnsafeReason): string {
  const parts: string[] = [];
  if (reason.dirtyFiles.length > 0) {
    const shown = reason.dirtyFiles.slice(0, SHOWN_FILES).join(', ');
    const more =
      reason.dirtyFiles.length > SHOWN_FILES ? ` and ${reason.dirtyFiles.length - SHOWN_FILES} more` : '';
    parts.push(`${reason.dirtyFiles.length} uncommitted file(s): ${shown}${more}`);
  }
  if (reason.unpushed > 0) parts.push(`${reason.unpushed} unpushed commit(s)`);
  return `workspace ${reason.path} has ${parts.join(' and ')}; push or commit the work, or remove with force`;
}

/** Thrown by `Workspace.remove` when the workspace holds uncommitted or unpushed work and `force` is not set. */
export class UnsafeWorkspaceError extends AoError {
  constructor(readonly reason: UnsafeReason) {
    super('unsafe_worktree', describe(reason));
    this.name = 'UnsafeWorkspaceError';
  }
}
