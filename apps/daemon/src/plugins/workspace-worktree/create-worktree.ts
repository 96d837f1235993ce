import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { badRequest, conflict, runtimeError } from '@ao/shared/errors';
import type { Logger, WorkspaceCreateOptions, WorkspaceInfo } from '@ao/shared/plugin';
import type { Git } from '../workspace-shared/git';
import {
  checkSessionId,
  configureSessionBranch,
  readSessionMarker,
  resolveCommit,
} from '../workspace-shared/session-branch';
import { validateCreateOptions } from '../workspace-shared/validate';
import { resolveBaseCommit } from './base-commit';
import { currentBranch } from './worktree-entries';

export interface WorktreeDeps {
  git: Git;
  logger: Logger;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function checkRepo(d: WorktreeDeps, o: WorkspaceCreateOptions): Promise<void> {
  const top = await d.git.probe(o.repoPath, ['rev-parse', '--show-toplevel']);
  if (top === null) throw badRequest(`${o.repoPath} is not a git repository`, 'repoPath');
  const url = await d.git.probe(o.repoPath, ['remote', 'get-url', o.remote]);
  if (url === null) throw badRequest(`the repository ${o.repoPath} has no remote "${o.remote}"`, 'remote');
}

/** Creates a worktree on a new session branch, from the up-to-date base branch; reuses the same session's branch. */
export async function createWorktree(d: WorktreeDeps, input: WorkspaceCreateOptions): Promise<WorkspaceInfo> {
  const o = validateCreateOptions(input);
  checkSessionId(o.sessionId);
  await checkRepo(d, o);
  const info = { path: o.path, branch: o.branch, baseBranch: o.baseBranch };
  if ((await resolveCommit(d.git, o.repoPath, `refs/heads/${o.branch}`)) !== null) {
    return { ...info, baseSha: await restoreWorktree(d, o) };
  }
  if ((await resolveCommit(d.git, o.repoPath, `refs/remotes/${o.remote}/${o.branch}`)) !== null) {
    throw conflict(`branch "${o.branch}" already exists on ${o.remote}; choose another branch name`);
  }
  if (existsSync(o.path)) throw conflict(`workspace path ${o.path} already exists`);
  const baseSha = await resolveBaseCommit(d.git, d.logger, o);
  mkdirSync(dirname(o.path), { recursive: true });
  try {
    // --no-track: the upstream must be the session branch itself, not the base branch (see configureSessionBranch).
    await d.git.run(o.repoPath, ['worktree', 'add', '--no-track', '-b', o.branch, '--', o.path, baseSha]);
  } catch (err) {
    await dropFailedBranch(d, o, baseSha);
    throw runtimeError(`could not create the worktree at ${o.path}: ${message(err)}`);
  }
  try {
    await configureSessionBranch(d.git, o.repoPath, { ...o, baseSha });
  } catch (err) {
    // Without its config the branch is neither pushable nor restorable: undo the fresh, still empty worktree.
    await d.git.run(o.repoPath, ['worktree', 'remove', '--force', '--', o.path]);
    await dropFailedBranch(d, o, baseSha);
    throw runtimeError(`could not configure the session branch "${o.branch}": ${message(err)}`);
  }
  d.logger.info({ path: o.path, branch: o.branch, baseSha }, 'workspace: worktree created');
  return { ...info, baseSha };
}

/** `worktree add -b` can leave the new branch behind when the checkout fails; it holds no work of anyone's yet. */
async function dropFailedBranch(d: WorktreeDeps, o: WorkspaceCreateOptions, baseSha: string): Promise<void> {
  const sha = await resolveCommit(d.git, o.repoPath, `refs/heads/${o.branch}`);
  if (sha !== baseSha) return;
  await d.git.run(o.repoPath, ['worktree', 'prune']);
  await d.git.run(o.repoPath, ['branch', '-D', o.branch]).catch((err: unknown) => {
    d.logger.warn(
      { branch: o.branch, err: message(err) },
      'workspace: could not delete the branch of a failed create',
    );
  });
}

/**
 * The branch exists: fine when this same session made it (a restore), then the worktree is reused or re-added on it.
 * Returns the commit the branch was first created from.
 */
async function restoreWorktree(d: WorktreeDeps, o: WorkspaceCreateOptions): Promise<string> {
  const marker = await readSessionMarker(d.git, o.repoPath, o.branch);
  if (marker?.sessionId !== o.sessionId) {
    const owner = marker ? `session ${marker.sessionId}` : 'not ao';
    throw conflict(
      `branch "${o.branch}" already exists in ${o.repoPath} (made by ${owner}); choose another branch name`,
    );
  }
  if (existsSync(o.path)) {
    if ((await currentBranch(d.git, o.path)) === o.branch) return marker.baseSha;
    throw conflict(`workspace path ${o.path} already exists and is not on branch "${o.branch}"`);
  }
  // A worktree directory deleted by hand is still registered (and holds the branch) until pruned.
  await d.git.run(o.repoPath, ['worktree', 'prune']);
  mkdirSync(dirname(o.path), { recursive: true });
  try {
    await d.git.run(o.repoPath, ['worktree', 'add', '--', o.path, o.branch]);
  } catch (err) {
    throw runtimeError(`could not restore the worktree at ${o.path}: ${message(err)}`);
  }
  d.logger.info({ path: o.path, branch: o.branch }, 'workspace: worktree restored on its existing branch');
  return marker.baseSha;
}
