import type { GitOutcome, GitRunner } from './run-git';

/** Where a session's branch lives and what it must be rebased onto. */
export interface BranchTarget {
  worktree: string;
  remote: string;
  branch: string;
  base: string;
}

/** Where the branch stands after a fetch: the worktree's HEAD, the remote branch, the base; up to date or not. */
export interface BranchState {
  head: string;
  pushed: string;
  baseSha: string;
  /** The pushed branch already contains the base. */
  upToDate: boolean;
}

/** What `rebaseBranch` did. */
export type RebaseOutcome =
  | { kind: 'rebased'; from: string; to: string }
  /** Not ao's to rewrite (uncommitted or unpushed work, another branch checked out): the agent must do it. */
  | { kind: 'unsafe'; reason: string; files: string[] }
  /** The rebase stopped on conflicts; it was aborted and the worktree is as it was. */
  | { kind: 'conflict'; files: string[] }
  /** The push was refused (the lease did not hold: the branch moved meanwhile); the worktree is as it was. */
  | { kind: 'push-refused'; reason: string };

/** An identity for the rebased commits' committer, only where git has none configured. */
const IDENTITY = { GIT_COMMITTER_NAME: 'ao', GIT_COMMITTER_EMAIL: 'ao@localhost' };

const lines = (text: string) => text.split('\0').filter(Boolean);
const tail = (o: GitOutcome) => (o.stderr || o.stdout).trim().split('\n').slice(-2).join(' ');

function runner(git: GitRunner, t: BranchTarget) {
  if ([t.remote, t.branch, t.base].some((s) => s.startsWith('-') || s === ''))
    throw new Error('bad git name');
  const run = (args: string[], env?: Record<string, string>) => git(t.worktree, args, { env });
  const must = async (args: string[]) => {
    const o = await run(args);
    if (o.code !== 0) throw new Error(`git ${args[0]} failed: ${tail(o)}`);
    return o.stdout.trim();
  };
  return { run, must };
}

const remoteRef = (t: BranchTarget, name: string) => `refs/remotes/${t.remote}/${name}`;

/** Fetches the base and the branch into the worktree's repository and tells where the branch stands. */
export async function inspectBranch(git: GitRunner, t: BranchTarget): Promise<BranchState> {
  const { run, must } = runner(git, t);
  await must([
    'fetch',
    '--no-tags',
    '--quiet',
    t.remote,
    `+refs/heads/${t.base}:${remoteRef(t, t.base)}`,
    `+refs/heads/${t.branch}:${remoteRef(t, t.branch)}`,
  ]);
  const head = await must(['rev-parse', '--verify', 'HEAD^{commit}']);
  const pushed = await must(['rev-parse', '--verify', `${remoteRef(t, t.branch)}^{commit}`]);
  const baseSha = await must(['rev-parse', '--verify', `${remoteRef(t, t.base)}^{commit}`]);
  const upToDate = (await run(['merge-base', '--is-ancestor', baseSha, pushed])).code === 0;
  return { head, pushed, baseSha, upToDate };
}

/**
 * Rebases a session's branch onto `<remote>/<base>` in its worktree, only when the worktree is clean (nothing
 * uncommitted, HEAD on the branch and exactly the branch as fetched: nothing unpushed), and pushes it with
 * `--force-with-lease=<branch>:<the sha fetched>`. A rebase that stops is aborted and a refused push undone, so the
 * worktree ends exactly as it was.
 */
export async function rebaseBranch(git: GitRunner, t: BranchTarget, at: BranchState): Promise<RebaseOutcome> {
  const { run, must } = runner(git, t);
  const { head, pushed, baseSha } = at;
  const unsafe = await whyUnsafe(run, t, head, pushed);
  if (unsafe) return { kind: 'unsafe', reason: unsafe, files: await predictConflicts(run, baseSha, head) };
  const identity = (await run(['config', 'user.email'])).code === 0 ? undefined : IDENTITY;
  const rebase = await run(
    ['-c', 'rebase.autoStash=false', 'rebase', '--quiet', '--no-autosquash', `${t.remote}/${t.base}`],
    identity,
  );
  if (rebase.code !== 0) {
    const files = lines((await run(['diff', '--name-only', '-z', '--diff-filter=U'])).stdout);
    await restore(run, head);
    return files.length
      ? { kind: 'conflict', files: [...new Set(files)] }
      : { kind: 'unsafe', reason: `git rebase failed: ${tail(rebase)}`, files: [] };
  }
  const to = await must(['rev-parse', '--verify', 'HEAD^{commit}']);
  const push = await run([
    'push',
    '--quiet',
    `--force-with-lease=${t.branch}:${pushed}`,
    t.remote,
    `HEAD:refs/heads/${t.branch}`,
  ]);
  if (push.code !== 0) {
    await must(['reset', '--quiet', '--keep', head]);
    return { kind: 'push-refused', reason: tail(push) };
  }
  return { kind: 'rebased', from: head, to };
}

type Run = (args: string[]) => Promise<GitOutcome>;

/** Why ao must not rewrite this worktree's branch, or null when it may. */
async function whyUnsafe(run: Run, t: BranchTarget, head: string, pushed: string): Promise<string | null> {
  const ref = (await run(['symbolic-ref', '--quiet', 'HEAD'])).stdout.trim();
  if (ref !== `refs/heads/${t.branch}`) return `the worktree is not on ${t.branch}`;
  const status = await run(['status', '--porcelain=v1', '-z', '--untracked-files=normal']);
  if (status.code !== 0 || status.stdout !== '') return 'the worktree has uncommitted changes';
  if (head === pushed) return null;
  const ahead = (await run(['merge-base', '--is-ancestor', pushed, head])).code === 0;
  return ahead
    ? `the branch has commits not pushed to ${t.remote}`
    : `the branch on ${t.remote} and the worktree have diverged`;
}

/** The files a merge of the two commits would conflict on (git merge-tree: no worktree touched). */
async function predictConflicts(run: Run, base: string, head: string): Promise<string[]> {
  const o = await run(['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', base, head]);
  if (o.code !== 1) return [];
  // Output: the tree id, then the conflicted paths (NUL-separated).
  return [...new Set(lines(o.stdout).slice(1))];
}

/** Aborts a rebase that stopped (a no-op error when none is under way) and checks HEAD is back where it was. */
async function restore(run: Run, head: string): Promise<void> {
  await run(['rebase', '--abort']);
  const now = (await run(['rev-parse', 'HEAD'])).stdout.trim();
  if (now !== head) throw new Error(`after git rebase --abort HEAD is ${now}, not ${head}`);
}
