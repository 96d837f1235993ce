import type { RunGit } from './git-exec';

/** A full commit id (SHA-1 or SHA-256): the only form of revision these queries put into git's argv. */
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export function checkSha(value: string): string {
  if (!SHA.test(value)) throw new Error(`not a commit id: ${JSON.stringify(value)}`);
  return value;
}

/** NUL-separated output into its non-empty fields. */
const fields = (stdout: string): string[] => stdout.split('\0').filter((s) => s !== '');

/**
 * The commit each ref under `prefixes` points at, in one process. Ref names come back as data (git forbids NUL and
 * newlines in them); only full commit ids are kept.
 */
export async function readRefs(
  git: RunGit,
  repo: string,
  prefixes: readonly string[],
): Promise<Map<string, string>> {
  const { code, stdout } = await git(repo, [
    'for-each-ref',
    '--format=%(objectname)%00%(refname)%00',
    ...prefixes,
  ]);
  if (code !== 0) throw new Error('git for-each-ref failed');
  const parts = stdout.split('\0');
  const refs = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const sha = (parts[i] ?? '').replace(/^\n/, '');
    const ref = parts[i + 1] ?? '';
    if (SHA.test(sha) && ref) refs.set(ref, sha);
  }
  return refs;
}

/** The best common ancestor of two commits, or null when they share none. */
export async function mergeBase(git: RunGit, repo: string, a: string, b: string): Promise<string | null> {
  const { code, stdout } = await git(repo, ['merge-base', checkSha(a), checkSha(b)]);
  const sha = stdout.trim();
  return code === 0 && SHA.test(sha) ? sha : null;
}

/** Paths that differ between two commits; renames count as both paths (a delete and an add). */
export async function changedFiles(git: RunGit, repo: string, from: string, to: string): Promise<string[]> {
  const { code, stdout } = await git(repo, [
    'diff',
    '--name-only',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    '-z',
    checkSha(from),
    checkSha(to),
  ]);
  if (code !== 0) throw new Error('git diff failed');
  return fields(stdout);
}

/**
 * Whether merging each pair would stop on conflicts, and on which paths, in one git process: `git merge-tree
 * --write-tree --stdin` (git ≥ 2.38) merges in the object store only (no worktree or index touched). With `-z` and
 * `--no-messages` each merge answers `<1 clean | 0 conflicted>\0<tree>\0<path>\0...\0` and an empty field.
 */
export async function mergeConflictsBatch(
  git: RunGit,
  repo: string,
  pairs: ReadonlyArray<readonly [string, string]>,
): Promise<string[][]> {
  if (pairs.length === 0) return [];
  const input = pairs.map(([a, b]) => `${checkSha(a)} ${checkSha(b)}\n`).join('');
  const { code, stdout } = await git(
    repo,
    ['merge-tree', '--write-tree', '--stdin', '--name-only', '--no-messages', '-z'],
    input,
  );
  if (code !== 0 && code !== 1) throw new Error(`git merge-tree --stdin exited with ${code}`);
  const parts = stdout.split('\0');
  const results: string[][] = [];
  let i = 0;
  while (results.length < pairs.length) {
    const status = parts[i];
    if (status !== '0' && status !== '1')
      throw new Error(
        `unexpected git merge-tree output at field ${i}: ${JSON.stringify(parts.slice(Math.max(0, i - 6), i + 4))}`,
      );
    i += 2; // the status and the tree id
    const paths: string[] = [];
    while (i < parts.length && parts[i] !== '') paths.push(parts[i++] as string);
    i++; // the empty field that ends this merge
    results.push(status === '1' ? [] : [...new Set(paths)]);
  }
  return results;
}
