import type { Git } from '../workspace-shared/git';
import { realish } from '../workspace-shared/validate';

/** Recorded in the clone's own `.git/config`: which repository and session it was made for. */
export interface CloneMarker {
  repoPath: string;
  sessionId: string;
}

export async function writeCloneMarker(git: Git, path: string, m: CloneMarker): Promise<void> {
  await git.run(path, ['config', 'ao.workspace', 'clone']);
  await git.run(path, ['config', 'ao.repo', realish(m.repoPath)]);
  await git.run(path, ['config', 'ao.session', m.sessionId]);
}

/** The marker of a clone ao made, or null for any other directory or repository. */
export async function readCloneMarker(git: Git, path: string): Promise<CloneMarker | null> {
  const kind = await git.probe(path, ['config', '--local', '--get', 'ao.workspace']);
  if (kind !== 'clone') return null;
  const repoPath = await git.probe(path, ['config', '--local', '--get', 'ao.repo']);
  const sessionId = await git.probe(path, ['config', '--local', '--get', 'ao.session']);
  if (repoPath === null || sessionId === null) return null;
  return { repoPath, sessionId };
}

/** True when `path` is a clone ao made of `repoPath`. */
export async function isCloneOf(git: Git, path: string, repoPath: string): Promise<boolean> {
  const marker = await readCloneMarker(git, path);
  return marker !== null && marker.repoPath === realish(repoPath);
}
