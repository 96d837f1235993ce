import { mkdirSync, rmSync } from 'node:fs';
import { AoError } from '@ao/shared/errors';
import type {
  PluginModule,
  Workspace,
  WorkspaceCreateOptions,
  WorkspaceInfo,
  WorkspaceState,
} from '@ao/shared/plugin';
import { z } from 'zod';

interface FakeTree {
  opts: WorkspaceCreateOptions;
  dirty: boolean;
  unpushed: number;
}

/**
 * A Workspace without git: `create` makes the directory and remembers the branch; `state` reports the dirty/unpushed
 * flags the test sets (`dirty(path)`, `unpushed(path, n)`); `remove` refuses an unsafe one unless forced, like the
 * worktree plugin (`unsafe_worktree`).
 */
export class FakeWorkspace implements Workspace {
  readonly trees = new Map<string, FakeTree>();
  /** Set to make the next create fail with this message (once). */
  failNextCreate: string | null = null;

  async create(opts: WorkspaceCreateOptions): Promise<WorkspaceInfo> {
    if (this.failNextCreate) {
      const message = this.failNextCreate;
      this.failNextCreate = null;
      throw new Error(message);
    }
    if (this.trees.has(opts.path)) throw new Error(`fake workspace: ${opts.path} exists`);
    mkdirSync(opts.path, { recursive: true });
    this.trees.set(opts.path, { opts, dirty: false, unpushed: 0 });
    return { path: opts.path, branch: opts.branch, baseBranch: opts.baseBranch, baseSha: 'f'.repeat(40) };
  }

  async state(path: string): Promise<WorkspaceState> {
    const tree = this.trees.get(path);
    return { exists: Boolean(tree), dirty: tree?.dirty ?? false, unpushed: tree?.unpushed ?? 0 };
  }

  async remove(path: string, _repoPath: string, opts: { force: boolean }): Promise<void> {
    const tree = this.trees.get(path);
    if (!tree) return;
    if (!opts.force && (tree.dirty || tree.unpushed > 0))
      throw new AoError('unsafe_worktree', `${path} has uncommitted or unpushed work`);
    this.trees.delete(path);
    rmSync(path, { recursive: true, force: true });
  }

  async list(repoPath: string): Promise<string[]> {
    return [...this.trees.values()].filter((t) => t.opts.repoPath === repoPath).map((t) => t.opts.path);
  }

  // ---- test controls ----

  setDirty(path: string, dirty = true): void {
    this.tree(path).dirty = dirty;
  }

  setUnpushed(path: string, n: number): void {
    this.tree(path).unpushed = n;
  }

  private tree(path: string): FakeTree {
    const tree = this.trees.get(path);
    if (!tree) throw new Error(`fake workspace: no workspace at ${path}`);
    return tree;
  }
}

const configSchema = z.object({}).strict();

/** A 'fake' workspace plugin module whose every instance is `workspace`. */
export function fakeWorkspaceModule(
  workspace: FakeWorkspace,
): PluginModule<'workspace', typeof configSchema> {
  return {
    manifest: { name: 'fake', slot: 'workspace', description: 'Workspace without git, for tests' },
    configSchema,
    create: () => workspace,
  };
}
