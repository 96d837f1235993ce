import { existsSync, mkdirSync, rmSync } from 'node:fs';
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
import { realish, validateCreateOptions } from '../workspace-shared/validate';
import { readCloneMarker, writeCloneMarker } from './clone-marker';
import { readRemoteUrls } from './remote-url';

export interface CloneDeps {
  git: Git;
  logger: Logger;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Clones the user's remote (not the user's checkout) at the base branch into `path` and creates the session branch, so
 * the agent's pushes go straight to the real remote. The remote must be reachable: a clone has nothing to fall back on.
 * The same session's existing clone is reused (restore).
 */
export async function createClone(d: CloneDeps, input: WorkspaceCreateOptions): Promise<WorkspaceInfo> {
  const o = validateCreateOptions(input);
  checkSessionId(o.sessionId);
  const info = { path: o.path, branch: o.branch, baseBranch: o.baseBranch };
  if (existsSync(o.path)) return { ...info, baseSha: await restoreClone(d, o) };
  if ((await d.git.probe(o.repoPath, ['rev-parse', '--show-toplevel'])) === null) {
    throw badRequest(`${o.repoPath} is not a git repository`, 'repoPath');
  }
  const urls = await readRemoteUrls(d.git, o.repoPath, o.remote);
  mkdirSync(dirname(o.path), { recursive: true });
  const args = ['clone', '--origin', o.remote, '--branch', o.baseBranch, '--', urls.fetch, o.path];
  try {
    await d.git.run(dirname(o.path), args, { network: true });
  } catch (err) {
    rmSync(o.path, { recursive: true, force: true }); // git removes a failed clone itself; this is belt and braces
    throw runtimeError(`could not clone ${o.remote} at "${o.baseBranch}": ${message(err)}`);
  }
  try {
    return { ...info, baseSha: await startSessionBranch(d, o, urls.push) };
  } catch (err) {
    rmSync(o.path, { recursive: true, force: true }); // a fresh clone holding nobody's work yet
    throw err;
  }
}

async function startSessionBranch(
  d: CloneDeps,
  o: WorkspaceCreateOptions,
  pushUrl: string | null,
): Promise<string> {
  if ((await resolveCommit(d.git, o.path, `refs/remotes/${o.remote}/${o.branch}`)) !== null) {
    throw conflict(`branch "${o.branch}" already exists on ${o.remote}; choose another branch name`);
  }
  if (pushUrl !== null) await d.git.run(o.path, ['remote', 'set-url', '--push', o.remote, pushUrl]);
  const baseSha = await d.git.run(o.path, ['rev-parse', 'HEAD']);
  // --no-track: the upstream must be the session branch itself, not the base branch (see configureSessionBranch).
  await d.git.run(o.path, ['checkout', '--no-track', '-b', o.branch, baseSha]);
  await configureSessionBranch(d.git, o.path, { ...o, baseSha });
  await writeCloneMarker(d.git, o.path, { repoPath: o.repoPath, sessionId: o.sessionId });
  d.logger.info({ path: o.path, branch: o.branch, baseSha }, 'workspace: clone created');
  return baseSha;
}

/** The path exists: fine only when it is this session's clone of this repository, on the session branch. */
async function restoreClone(d: CloneDeps, o: WorkspaceCreateOptions): Promise<string> {
  const marker = await readCloneMarker(d.git, o.path);
  if (marker === null || marker.repoPath !== realish(o.repoPath) || marker.sessionId !== o.sessionId) {
    throw conflict(`workspace path ${o.path} already exists and is not this session's clone`);
  }
  const branchMarker = await readSessionMarker(d.git, o.path, o.branch);
  const head = await d.git.probe(o.path, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (branchMarker?.sessionId !== o.sessionId || head !== o.branch) {
    throw conflict(`the clone at ${o.path} is not on the session branch "${o.branch}"`);
  }
  d.logger.info({ path: o.path, branch: o.branch }, 'workspace: existing clone reused');
  return branchMarker.baseSha;
}
