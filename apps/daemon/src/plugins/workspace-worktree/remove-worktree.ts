import { badRequest } from '@ao/shared/errors';
import type { Git } from '../workspace-shared/git';
import { assertSafeToRemove, type Inspection, inspectWorkspace } from '../workspace-shared/inspect';
import { readSessionMarker, resolveCommit } from '../workspace-shared/session-branch';
import { checkPath, isInside, realish } from '../workspace-shared/validate';
import type { WorktreeDeps } from './create-worktree';
import { currentBranch, listWorktreeEntries } from './worktree-entries';

/** Refuses a path that is not a linked worktree of the repository (above all: never the user's own checkout). */
async function checkLinkedWorktree(git: Git, path: string, repoPath: string): Promise<void> {
  const entries = await listWorktreeEntries(git, repoPath);
  const real = realish(path);
  const index = entries.findIndex((e) => realish(e.path) === real);
  if (index === 0 || isInside(repoPath, path))
    throw badRequest(`${path} is the repository's own checkout`, 'path');
  if (index < 0) throw badRequest(`${path} is not a worktree of ${repoPath}`, 'path');
}

/**
 * Removes a worktree after the safety checks (`UnsafeWorkspaceError` when dirty or unpushed, unless forced), then its
 * session branch when every commit on it is on the remote. A forced remove discards uncommitted changes, but keeps a
 * branch holding unpushed commits (with a warning): committed work is never deleted.
 */
export async function removeWorktree(
  d: WorktreeDeps,
  rawPath: string,
  rawRepo: string,
  force: boolean,
): Promise<void> {
  const path = checkPath(rawPath, 'path');
  const repoPath = checkPath(rawRepo, 'repoPath');
  const found = await inspectWorkspace(d.git, path);
  if (!found.exists) {
    // Already gone (or deleted by hand): forget its registration so the branch is free again.
    await d.git.run(repoPath, ['worktree', 'prune']);
    return;
  }
  await checkLinkedWorktree(d.git, path, repoPath);
  assertSafeToRemove(path, found, force);
  const branch = await currentBranch(d.git, path);
  const head = await d.git.run(path, ['rev-parse', 'HEAD']);
  await d.git.run(repoPath, ['worktree', 'remove', ...(force ? ['--force'] : []), '--', path]);
  await d.git.run(repoPath, ['worktree', 'prune']);
  d.logger.info({ path, branch, force }, 'workspace: worktree removed');
  if (branch === null) {
    if (found.unpushed > 0) warnDetached(d, path, head, found);
    return;
  }
  await deleteSessionBranch(d, repoPath, branch);
}

function warnDetached(d: WorktreeDeps, path: string, head: string, found: Inspection): void {
  d.logger.warn(
    { path, head, unpushed: found.unpushed },
    'workspace: removed a detached worktree with unpushed commits; recover them with `git branch <name> <head>`',
  );
}

/** Deletes the session branch ao made, only when no commit on it would be lost. */
async function deleteSessionBranch(d: WorktreeDeps, repoPath: string, branch: string): Promise<void> {
  if ((await readSessionMarker(d.git, repoPath, branch)) === null) return; // not ao's branch: not ours to delete
  const ref = `refs/heads/${branch}`;
  if ((await resolveCommit(d.git, repoPath, ref)) === null) return;
  const unpushed = Number.parseInt(
    await d.git.run(repoPath, ['rev-list', '--count', ref, '--not', '--remotes']),
    10,
  );
  if (unpushed !== 0) {
    d.logger.warn(
      { repoPath, branch, unpushed },
      'workspace: kept the session branch: it has commits on no remote (delete it by hand if unwanted)',
    );
    return;
  }
  // Every commit is on the remote, so -D loses nothing (-d would insist on a merge into HEAD or the upstream).
  await d.git.run(repoPath, ['branch', '-D', '--', branch]);
}
