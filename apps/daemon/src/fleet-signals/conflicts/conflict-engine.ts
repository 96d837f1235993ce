import { CONFLICT_FILES_MAX, type SessionConflict } from '@ao/shared/session';
import { createLimit, type RunGit } from './git-exec';
import { changedFiles, mergeBase, mergeConflicts } from './git-queries';
import { BoundedCache, overlapOf } from './overlap';

/** A live session's branch head. */
export interface BranchHead {
  id: string;
  head: string;
}

/**
 * Predicts conflicts between branches of one repository, and of each against the base tip, from git's object store
 * alone. Every git answer is cached by the commits it was asked about (heads are immutable), so a recompute after one
 * branch moved runs git only for the pairs that include it.
 *
 * A pair of branches is merged with merge-tree only when their own changes (each against its fork point from the
 * base) touch a common path (or a path and a directory above it): otherwise no path can conflict between them beyond
 * what the base brought in, and that is reported against the base (`with: 'base'`).
 */
export class ConflictEngine {
  private readonly limit;
  private readonly forks = new BoundedCache<Promise<string | null>>();
  private readonly diffs = new BoundedCache<Promise<string[]>>();
  private readonly merges = new BoundedCache<Promise<string[]>>();

  constructor(
    private readonly git: RunGit,
    opts: { concurrency?: number } = {},
  ) {
    this.limit = createLimit(opts.concurrency ?? 2);
  }

  /** Every branch's conflicts (branches without any get an empty list). */
  async compute(
    repo: string,
    branches: readonly BranchHead[],
    baseTip: string,
  ): Promise<Map<string, SessionConflict[]>> {
    const own = await Promise.all(branches.map((b) => this.ownChanges(repo, b.head, baseTip)));
    const result = new Map<string, SessionConflict[]>(branches.map((b) => [b.id, []]));
    const jobs: Promise<void>[] = [];
    branches.forEach((b, i) => {
      const mine = own[i] as OwnChanges;
      if (mine.fork !== baseTip && mine.fork !== null)
        jobs.push(
          this.against(repo, b.head, baseTip, mine.files, mine.baseFiles).then((found) => {
            result.get(b.id)?.push(...entries('base', found));
          }),
        );
      for (let j = i + 1; j < branches.length; j++) {
        const other = branches[j] as BranchHead;
        const theirs = own[j] as OwnChanges;
        if (!overlapOf(mine.files, theirs.files).touches) continue;
        jobs.push(
          this.against(repo, b.head, other.head, mine.files, theirs.files).then((found) => {
            result.get(b.id)?.push(...entries(other.id, found));
            result.get(other.id)?.push(...entries(b.id, found));
          }),
        );
      }
    });
    await Promise.all(jobs);
    for (const list of result.values()) list.sort(byKindThenWith);
    return result;
  }

  /** The files a branch changed since its fork point from the base, and those the base changed since then. */
  private async ownChanges(repo: string, head: string, baseTip: string): Promise<OwnChanges> {
    const fork = await this.cached(this.forks, `${baseTip}:${head}`, () =>
      mergeBase(this.git, repo, baseTip, head),
    );
    if (fork === null) return { fork, files: new Set(), baseFiles: new Set() };
    const files = await this.diff(repo, fork, head);
    const baseFiles = fork === baseTip ? new Set<string>() : await this.diff(repo, fork, baseTip);
    return { fork, files, baseFiles };
  }

  private async diff(repo: string, from: string, to: string): Promise<Set<string>> {
    if (from === to) return new Set();
    return new Set(
      await this.cached(this.diffs, `${from}:${to}`, () => changedFiles(this.git, repo, from, to)),
    );
  }

  /** Conflicted paths of merging `a` and `b`, and the other paths both sides change. */
  private async against(
    repo: string,
    a: string,
    b: string,
    filesA: ReadonlySet<string>,
    filesB: ReadonlySet<string>,
  ): Promise<Found> {
    const common = overlapOf(filesA, filesB);
    if (!common.touches) return { conflict: [], overlap: [] };
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    const conflict = await this.cached(this.merges, key, () => mergeConflicts(this.git, repo, a, b));
    const conflicted = new Set(conflict);
    return { conflict, overlap: common.paths.filter((p) => !conflicted.has(p)) };
  }

  private cached<T>(cache: BoundedCache<Promise<T>>, key: string, run: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit) return hit;
    const value = this.limit(run);
    cache.set(key, value);
    value.catch(() => cache.delete(key)); // a failure is asked again next time
    return value;
  }
}

interface OwnChanges {
  fork: string | null;
  files: Set<string>;
  baseFiles: Set<string>;
}

interface Found {
  conflict: string[];
  overlap: string[];
}

function entries(withId: string, found: Found): SessionConflict[] {
  const out: SessionConflict[] = [];
  for (const kind of ['conflict', 'overlap'] as const) {
    const files = [...found[kind]].sort();
    if (files.length)
      out.push({ with: withId, kind, files: files.slice(0, CONFLICT_FILES_MAX), fileCount: files.length });
  }
  return out;
}

function byKindThenWith(a: SessionConflict, b: SessionConflict): number {
  if (a.kind !== b.kind) return a.kind === 'conflict' ? -1 : 1;
  return a.with < b.with ? -1 : a.with > b.with ? 1 : 0;
}
