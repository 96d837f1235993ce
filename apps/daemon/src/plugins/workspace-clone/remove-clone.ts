import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { badRequest } from '@ao/shared/errors';
import { assertSafeToRemove, inspectWorkspace } from '../workspace-shared/inspect';
import { checkPath } from '../workspace-shared/validate';
import { isCloneOf } from './clone-marker';
import type { CloneDeps } from './create-clone';

/**
 * Deletes a clone after the safety checks (`UnsafeWorkspaceError` when dirty or unpushed, unless forced). Only a
 * directory ao cloned for this repository is ever deleted; a missing one is already removed.
 */
export async function removeClone(
  d: CloneDeps,
  rawPath: string,
  rawRepo: string,
  force: boolean,
): Promise<void> {
  const path = checkPath(rawPath, 'path');
  const repoPath = checkPath(rawRepo, 'repoPath');
  if (!existsSync(path)) return;
  const found = await inspectWorkspace(d.git, path);
  if (!found.exists || !(await isCloneOf(d.git, path, repoPath))) {
    throw badRequest(`${path} is not a clone ao made of ${repoPath}; not deleting it`, 'path');
  }
  assertSafeToRemove(path, found, force);
  if (found.unpushed > 0 || found.dirtyFiles.length > 0) {
    const head = await d.git.run(path, ['rev-parse', 'HEAD']);
    d.logger.warn(
      { path, head, unpushed: found.unpushed, dirtyFiles: found.dirtyFiles.length },
      'workspace: force-removing a clone with unpushed or uncommitted work',
    );
  }
  await rm(path, { recursive: true, force: true });
  d.logger.info({ path, force }, 'workspace: clone removed');
}
