import { execFileSync } from 'node:child_process';
import type { FakePull, FakeRepo } from './state';

/**
 * A fake repository backed by a real bare git repository (`addRepo(name, { gitDir })`): pull requests' head and base
 * shas and their mergeability are read from it, and a merge really lands on the base branch, as on GitHub.
 */

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'GitHub',
  GIT_AUTHOR_EMAIL: 'noreply@github.com',
  GIT_COMMITTER_NAME: 'GitHub',
  GIT_COMMITTER_EMAIL: 'noreply@github.com',
  LC_ALL: 'C',
};

function run(gitDir: string, args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync('git', args, { cwd: gitDir, env: ENV, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, out: out.trim() };
  } catch (err) {
    const e = err as { status?: number; stdout?: string };
    return { code: e.status ?? 128, out: String(e.stdout ?? '').trim() };
  }
}

const tipOf = (gitDir: string, ref: string): string | null => {
  const r = run(gitDir, ['rev-parse', '--verify', '--quiet', `refs/heads/${ref}^{commit}`]);
  return r.code === 0 ? r.out : null;
};

/** Every branch's tip, in one git call. */
function branchTips(gitDir: string): Map<string, string> {
  const r = run(gitDir, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/']);
  const tips = new Map<string, string>();
  for (const line of r.out.split('\n')) {
    const [sha, ref] = line.split(' ');
    if (sha && ref?.startsWith('refs/heads/')) tips.set(ref.slice('refs/heads/'.length), sha);
  }
  return tips;
}

/** Whether `head` merges cleanly into `base` and contains it: fixed for a pair of commits, so computed once. */
const mergeability = new Map<string, { clean: boolean; upToDate: boolean }>();
function mergeabilityOf(gitDir: string, base: string, head: string) {
  const key = `${gitDir}\0${base}\0${head}`;
  let m = mergeability.get(key);
  if (!m) {
    m = {
      clean: run(gitDir, ['merge-tree', '--write-tree', base, head]).code === 0,
      upToDate: run(gitDir, ['merge-base', '--is-ancestor', base, head]).code === 0,
    };
    mergeability.set(key, m);
  }
  return m;
}

/**
 * Reads every open PR's head and base from the bare repository, and whether it merges cleanly into its base. Runs on
 * every request (synchronously, in the test's process): one git call for the tips, and the merge check only for a
 * (base, head) pair not seen before, so a fleet of open PRs does not stall the process that hosts the fake.
 */
export function syncFromGit(repo: FakeRepo): void {
  const gitDir = repo.gitDir;
  if (!gitDir) return;
  const open = [...repo.pulls.values()].filter((pr) => pr.state === 'open');
  if (!open.length) return;
  const tips = branchTips(gitDir);
  for (const pr of open) {
    const head = tips.get(pr.head.ref);
    const base = tips.get(pr.base.ref);
    if (!head || !base) continue;
    repo.branches.set(pr.base.ref, base);
    if (head !== pr.head.sha || base !== pr.base.sha) pr.updatedAt = new Date().toISOString();
    pr.head.sha = head;
    pr.base.sha = base;
    const { clean, upToDate } = mergeabilityOf(gitDir, base, head);
    pr.mergeable = clean;
    pr.mergeableState = !clean ? 'dirty' : upToDate ? 'clean' : 'behind';
  }
}

/**
 * Merges the PR into its base branch in the bare repository: a squash (and a rebase, recorded the same way: one
 * commit) or a merge commit. Returns the new tip of the base, or null when it does not merge cleanly.
 */
export function mergeInGit(repo: FakeRepo, pr: FakePull, method: string): string | null {
  const gitDir = repo.gitDir;
  if (!gitDir) return null;
  const base = tipOf(gitDir, pr.base.ref);
  if (!base) return null;
  const tree = run(gitDir, ['merge-tree', '--write-tree', base, pr.head.sha]);
  if (tree.code !== 0) return null;
  const treeSha = tree.out.split('\n')[0] ?? '';
  const parents = method === 'merge' ? ['-p', base, '-p', pr.head.sha] : ['-p', base];
  const message =
    method === 'merge'
      ? `Merge pull request #${pr.number} from ${pr.head.ref}`
      : `${pr.title} (#${pr.number})`;
  const commit = run(gitDir, ['commit-tree', treeSha, ...parents, '-m', message]);
  if (commit.code !== 0) return null;
  if (run(gitDir, ['update-ref', `refs/heads/${pr.base.ref}`, commit.out, base]).code !== 0) return null;
  repo.branches.set(pr.base.ref, commit.out);
  return commit.out;
}
