import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Whether the pushed branch merges into the fetched base without conflicts (`git merge-tree`: no worktree touched). */
export async function mergesCleanly(git: GitRunner, t: BranchTarget, at: BranchState): Promise<boolean> {
  const { run } = runner(git, t);
  return (await run(['merge-tree', '--write-tree', '--no-messages', at.baseSha, at.pushed])).code === 0;
}

/**
 * Rebases a session's branch onto `<remote>/<base>`, only when its worktree is clean (nothing uncommitted, HEAD on the
 * branch and exactly the branch as fetched: nothing unpushed). The rebase runs in a temporary detached worktree of the
 * same repository, never in the agent's: an agent that types meanwhile never sees a half-done rebase or conflict
 * markers, and an aborted rebase cannot reset its edits. Only if the agent's worktree is still clean and where it was
 * is its branch moved to the result (`git reset --keep`) and pushed with `--force-with-lease=<branch>:<the sha
 * fetched>`; a refused push moves it back. Whatever happens the agent's worktree ends as it was or rebased, never
 * with work lost.
 */
export async function rebaseBranch(git: GitRunner, t: BranchTarget, at: BranchState): Promise<RebaseOutcome> {
  const { run, must } = runner(git, t);
  const { head, pushed, baseSha } = at;
  const unsafe = await whyUnsafe(run, t, head, pushed);
  if (unsafe) return { kind: 'unsafe', reason: unsafe, files: await predictConflicts(run, baseSha, head) };
  const rebased = await rebaseAside(git, t, head);
  if (rebased.kind !== 'rebased') return rebased;
  const to = rebased.to;
  // The agent may have typed while the rebase ran: its worktree is moved only if it is still as it was.
  const changed = await whyUnsafe(run, t, head, pushed);
  if (changed) return { kind: 'unsafe', reason: changed, files: [] };
  await must(['reset', '--quiet', '--keep', to]);
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

/** Rebases `head` onto `<remote>/<base>` in a temporary detached worktree (removed after); the new tip or why not. */
async function rebaseAside(
  git: GitRunner,
  t: BranchTarget,
  head: string,
): Promise<{ kind: 'rebased'; to: string } | Exclude<RebaseOutcome, { kind: 'rebased' }>> {
  const { run, must } = runner(git, t);
  const aside = mkdtempSync(join(tmpdir(), 'ao-rebase-'));
  try {
    // The repository's hooks are not ao's to run, and LFS content is not needed to replay commits.
    const quiet = ['-c', 'core.hooksPath=/dev/null'];
    const env = { GIT_LFS_SKIP_SMUDGE: '1' };
    await must([...quiet, 'worktree', 'add', '--quiet', '--detach', aside, head]);
    const inAside = (args: string[], more?: Record<string, string>) =>
      git(aside, [...quiet, ...args], { env: { ...env, ...more } });
    const identity = (await run(['config', 'user.email'])).code === 0 ? {} : IDENTITY;
    const rebase = await inAside(
      ['-c', 'rebase.autoStash=false', 'rebase', '--quiet', '--no-autosquash', `${t.remote}/${t.base}`],
      identity,
    );
    if (rebase.code !== 0) {
      const files = lines((await inAside(['diff', '--name-only', '-z', '--diff-filter=U'])).stdout);
      await inAside(['rebase', '--abort']);
      return files.length
        ? { kind: 'conflict', files: [...new Set(files)] }
        : { kind: 'unsafe', reason: `git rebase failed: ${tail(rebase)}`, files: [] };
    }
    const to = (await inAside(['rev-parse', '--verify', 'HEAD^{commit}'])).stdout.trim();
    return { kind: 'rebased', to };
  } finally {
    await run(['worktree', 'remove', '--force', aside]);
    rmSync(aside, { recursive: true, force: true });
  }
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
