import { CONFLICT_FILES_MAX, type SessionConflict } from '@ao/shared/session';
import { createLimit, type RunGit } from './git-exec';
import { changedFiles, mergeBase, mergeConflictsBatch } from './git-queries';
import { BoundedCache, overlapOf } from './overlap';

/** A live session's branch head. */
export interface BranchHead {
  id: string;
  head: string;
}

/** One merge to predict: who it concerns and the paths both sides change. */
interface Job {
  a: string;
  b: string;
  key: string;
  common: string[];
  report(found: Found): void;
}

/**
 * Predicts conflicts between branches of one repository, and of each against the base tip, from git's object store
 * alone. Every git answer is cached by the commits it was asked about (commits never change), so a recompute after one
 * branch moved runs git only for what involves its new head.
 *
 * Per branch: its fork point from the base (`merge-base`), the paths it changed since (`diff --name-only`), and the
 * paths the base changed since. A pair of branches is merged (`merge-tree --write-tree`, batched through `--stdin`:
 * one process for many merges) only when their own changes touch a common path (or a path and a directory above
 * it): otherwise no path can conflict between them beyond what the base brought in, and that is reported against the
 * base (`with: 'base'`). Likewise a branch against the base.
 */
export class ConflictEngine {
  private readonly limit;
  private readonly concurrency: number;
  private readonly forks = new BoundedCache<Promise<string | null>>();
  private readonly diffs = new BoundedCache<Promise<string[]>>();
  private readonly merges = new BoundedCache<string[]>();

  constructor(
    private readonly git: RunGit,
    opts: { concurrency?: number } = {},
  ) {
    this.concurrency = opts.concurrency ?? 2;
    this.limit = createLimit(this.concurrency);
  }

  /** Every branch's conflicts (branches without any get an empty list). */
  async compute(
    repo: string,
    branches: readonly BranchHead[],
    baseTip: string,
  ): Promise<Map<string, SessionConflict[]>> {
    const own = await Promise.all(branches.map((b) => this.ownChanges(repo, b.head, baseTip)));
    const result = new Map<string, SessionConflict[]>(branches.map((b) => [b.id, []]));
    const add = (id: string, withId: string, found: Found) => result.get(id)?.push(...entries(withId, found));
    const jobs: Job[] = [];
    const job = (a: string, b: string, filesA: Set<string>, filesB: Set<string>, report: Job['report']) => {
      const common = overlapOf(filesA, filesB);
      if (common.touches)
        jobs.push({ a, b, key: a < b ? `${a}:${b}` : `${b}:${a}`, common: common.paths, report });
    };
    branches.forEach((b, i) => {
      const mine = own[i] as OwnChanges;
      if (mine.fork !== null && mine.fork !== baseTip)
        job(b.head, baseTip, mine.files, mine.baseFiles, (found) => add(b.id, 'base', found));
      for (let j = i + 1; j < branches.length; j++) {
        const other = branches[j] as BranchHead;
        job(b.head, other.head, mine.files, (own[j] as OwnChanges).files, (found) => {
          add(b.id, other.id, found);
          add(other.id, b.id, found);
        });
      }
    });
    await this.merge(repo, jobs);
    for (const j of jobs) {
      const conflict = this.merges.get(j.key) ?? [];
      const conflicted = new Set(conflict);
      j.report({ conflict, overlap: j.common.filter((p) => !conflicted.has(p)) });
    }
    for (const list of result.values()) list.sort(byKindThenWith);
    return result;
  }

  /** Runs the merges not yet known, in at most `concurrency` git processes. */
  private async merge(repo: string, jobs: readonly Job[]): Promise<void> {
    const todo = new Map<string, readonly [string, string]>();
    for (const j of jobs) if (!this.merges.get(j.key) && !todo.has(j.key)) todo.set(j.key, [j.a, j.b]);
    const keys = [...todo.keys()];
    // Each merge costs more than a process start: the merges are shared out between `concurrency` processes.
    const size = Math.max(1, Math.ceil(keys.length / this.concurrency));
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += size) chunks.push(keys.slice(i, i + size));
    await Promise.all(
      chunks.map(async (chunk) => {
        const pairs = chunk.map((k) => todo.get(k) as readonly [string, string]);
        const found = await this.limit(() => mergeConflictsBatch(this.git, repo, pairs));
        for (const [i, k] of chunk.entries()) this.merges.set(k, found[i] ?? []);
      }),
    );
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
