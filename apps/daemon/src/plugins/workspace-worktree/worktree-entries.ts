import type { Git } from '../workspace-shared/git';

export interface WorktreeEntry {
  path: string;
  /** `refs/heads/...` or null when detached. */
  branch: string | null;
}

/** Parses `git worktree list --porcelain`: blocks separated by blank lines, the first being the main worktree. */
export function parseWorktreeList(out: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  for (const block of out.split(/\n\s*\n/)) {
    let path: string | null = null;
    let branch: string | null = null;
    for (const line of block.split('\n')) {
      if (line.startsWith('worktree ')) path = line.slice('worktree '.length);
      else if (line.startsWith('branch ')) branch = line.slice('branch '.length);
    }
    if (path !== null) entries.push({ path, branch });
  }
  return entries;
}

export async function listWorktreeEntries(git: Git, repoPath: string): Promise<WorktreeEntry[]> {
  return parseWorktreeList(await git.run(repoPath, ['worktree', 'list', '--porcelain']));
}

/** The short name of the branch checked out in `path`, or null when detached. */
export function currentBranch(git: Git, path: string): Promise<string | null> {
  return git.probe(path, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
}
