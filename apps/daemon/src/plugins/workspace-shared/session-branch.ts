import { badRequest } from '@ao/shared/errors';
import { sessionIdSchema } from '@ao/shared/ids';
import type { Git } from './git';

/** What ao records about a branch it created, in the repository's own config (`.git/config`, never committed). */
export interface SessionMarker {
  sessionId: string;
  baseSha: string;
}

export function checkSessionId(sessionId: string): void {
  if (!sessionIdSchema.safeParse(sessionId).success) {
    throw badRequest(`session id ${JSON.stringify(sessionId)} is not valid`, 'sessionId');
  }
}

/**
 * Makes a plain `git push` (and `git push -u <remote> <branch>`) from the workspace publish the session branch under
 * the same name on the remote: the branch's upstream is `<remote>/<branch>`, which with git's default
 * `push.default=simple` pushes to a branch of the same name and creates it on first push. Also records which session
 * owns the branch and the commit it started from, so a restore of the same session can reuse it.
 */
export async function configureSessionBranch(
  git: Git,
  cwd: string,
  o: { branch: string; remote: string; sessionId: string; baseSha: string },
): Promise<void> {
  const key = (name: string) => `branch.${o.branch}.${name}`;
  await git.run(cwd, ['config', key('remote'), o.remote]);
  await git.run(cwd, ['config', key('merge'), `refs/heads/${o.branch}`]);
  await git.run(cwd, ['config', key('aoSession'), o.sessionId]);
  await git.run(cwd, ['config', key('aoBaseSha'), o.baseSha]);
}

/** The session that created `branch` (from `configureSessionBranch`), or null for a branch ao did not make. */
export async function readSessionMarker(
  git: Git,
  cwd: string,
  branch: string,
): Promise<SessionMarker | null> {
  const sessionId = await git.probe(cwd, ['config', '--get', `branch.${branch}.aoSession`]);
  if (!sessionId) return null;
  const baseSha = (await git.probe(cwd, ['config', '--get', `branch.${branch}.aoBaseSha`])) ?? '';
  return { sessionId, baseSha };
}

/** The commit a ref points at, or null when there is no such ref. */
export function resolveCommit(git: Git, cwd: string, ref: string): Promise<string | null> {
  return git.probe(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
}
