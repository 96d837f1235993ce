import { badRequest } from '@ao/shared/errors';
import type { Logger } from '@ao/shared/plugin';
import type { Git } from '../workspace-shared/git';
import { resolveCommit } from '../workspace-shared/session-branch';

/**
 * The commit a new session branch starts from: `<remote>/<baseBranch>` right after fetching it, so the agent starts
 * from the up-to-date default branch. When the remote cannot be reached, the last fetched `<remote>/<baseBranch>` is
 * used (it never carries the user's unpushed local commits), and only when there is none, the local `<baseBranch>`;
 * both with a warning.
 */
export async function resolveBaseCommit(
  git: Git,
  logger: Logger,
  o: { repoPath: string; remote: string; baseBranch: string },
): Promise<string> {
  const tracking = `refs/remotes/${o.remote}/${o.baseBranch}`;
  let fetchError: string | null = null;
  try {
    await git.run(
      o.repoPath,
      ['fetch', '--no-tags', '--', o.remote, `+refs/heads/${o.baseBranch}:${tracking}`],
      {
        network: true,
      },
    );
  } catch (err) {
    fetchError = err instanceof Error ? err.message : String(err);
  }
  const remoteSha = await resolveCommit(git, o.repoPath, tracking);
  if (fetchError === null && remoteSha) return remoteSha;
  if (remoteSha) {
    logger.warn(
      { repoPath: o.repoPath, remote: o.remote, baseBranch: o.baseBranch, err: fetchError },
      'workspace: fetch failed; starting from the last fetched remote branch',
    );
    return remoteSha;
  }
  const localSha = await resolveCommit(git, o.repoPath, `refs/heads/${o.baseBranch}`);
  if (localSha) {
    logger.warn(
      { repoPath: o.repoPath, remote: o.remote, baseBranch: o.baseBranch, err: fetchError },
      'workspace: remote branch unavailable; starting from the local branch',
    );
    return localSha;
  }
  throw badRequest(
    `base branch "${o.baseBranch}" is neither on ${o.remote} nor local in ${o.repoPath}` +
      (fetchError ? ` (fetch failed: ${fetchError})` : ''),
    'baseBranch',
  );
}
