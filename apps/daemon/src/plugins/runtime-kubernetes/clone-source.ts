import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CloneSource } from './pod-spec';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  return (await run('git', ['-C', cwd, ...args], { timeout: 10_000 })).stdout.trim();
}

/**
 * What the pod clones: the configured URL, else the worktree's `origin` (else its first remote); and the worktree's
 * branch (the session's). Read from the worktree the workspace plugin made on the daemon's disk.
 */
export async function cloneSourceOf(cwd: string, repoUrl: string | undefined): Promise<CloneSource> {
  const branch = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']).catch((err: Error) => {
    throw new Error(`kubernetes runtime: ${cwd} is not a git worktree: ${err.message.split('\n')[0]}`);
  });
  if (branch === 'HEAD')
    throw new Error(`kubernetes runtime: ${cwd} has a detached HEAD (no branch to check out)`);
  if (repoUrl !== undefined) return { repoUrl, branch };
  const remotes = (await git(cwd, ['remote'])).split('\n').filter(Boolean);
  const remote = remotes.includes('origin') ? 'origin' : remotes[0];
  if (remote === undefined) {
    throw new Error(`kubernetes runtime: ${cwd} has no remote to clone from (set workspace.repoUrl)`);
  }
  return { repoUrl: await git(cwd, ['remote', 'get-url', remote]), branch };
}
