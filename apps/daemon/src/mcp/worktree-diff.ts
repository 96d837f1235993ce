import { existsSync } from 'node:fs';
import type { Session } from '@ao/shared/session';
import { exec } from '../util/exec';

/** The session's changes against where its branch left the base: commits and uncommitted edits of tracked files. */
async function mergeBase(s: Session): Promise<string> {
  const git = (args: string[]) => exec('git', args, { cwd: s.worktreePath, timeoutMs: 10_000 });
  for (const ref of [`origin/${s.baseBranch}`, s.baseBranch]) {
    try {
      return (await git(['merge-base', ref, 'HEAD'])).stdout.trim();
    } catch {
      // this ref is not there (a clone without the remote branch): the next one
    }
  }
  return 'HEAD';
}

export interface DiffStat {
  files: Array<{ path: string; added: number | null; removed: number | null }>;
  totalFiles: number;
  added: number;
  removed: number;
}

export async function diffStat(s: Session, maxFiles: number): Promise<DiffStat | null> {
  if (!existsSync(s.worktreePath)) return null;
  const base = await mergeBase(s);
  const { stdout } = await exec('git', ['diff', '--numstat', base, '--'], {
    cwd: s.worktreePath,
    timeoutMs: 10_000,
  });
  const files = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [a, r, ...p] = line.split('\t');
      const num = (v: string | undefined) => (v === undefined || v === '-' ? null : Number(v));
      return { path: p.join('\t'), added: num(a), removed: num(r) };
    });
  return {
    files: files.slice(0, maxFiles),
    totalFiles: files.length,
    added: files.reduce((n, f) => n + (f.added ?? 0), 0),
    removed: files.reduce((n, f) => n + (f.removed ?? 0), 0),
  };
}

const STAT_TTL_MS = 30_000;
const MAX_KEPT = 2000;

/** Diff stats kept per session for 30 s: a fleet scan reads each worktree at most twice a minute, and get_session
 *  usually starts no process. */
export class DiffStats {
  private readonly kept = new Map<string, { at: number; stat: Promise<DiffStat | null> }>();

  get(s: Session): Promise<DiffStat | null> {
    const hit = this.kept.get(s.id);
    if (hit && Date.now() - hit.at < STAT_TTL_MS) return hit.stat;
    const stat = diffStat(s, 30).catch(() => null); // a worktree being removed: no stat rather than a failed call
    if (this.kept.size >= MAX_KEPT) this.kept.clear();
    this.kept.set(s.id, { at: Date.now(), stat });
    return stat;
  }
}

/** The unified diff (bounded to `maxChars`, with a marker saying what was cut), optionally of one path. */
export async function diffText(
  s: Session,
  maxChars: number,
  path?: string,
): Promise<{ diff: string; truncated: boolean }> {
  if (!existsSync(s.worktreePath)) return { diff: '', truncated: false };
  const base = await mergeBase(s);
  const args = ['diff', '--no-color', '--no-ext-diff', base, '--', ...(path ? [path] : [])];
  const { stdout } = await exec('git', args, { cwd: s.worktreePath, timeoutMs: 15_000 });
  if (stdout.length <= maxChars) return { diff: stdout, truncated: false };
  const rest = stdout.length - maxChars;
  return {
    diff: `${stdout.slice(0, maxChars)}\n[… truncated: ${rest} more chars; ask for one file with path, or a larger maxChars]`,
    truncated: true,
  };
}
