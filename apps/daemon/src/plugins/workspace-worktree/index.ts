import type { PluginModule, Workspace } from '@ao/shared/plugin';
import { LOCAL_GIT_TIMEOUT_MS, workspaceConfigSchema, workspaceRoot } from '../workspace-shared/config';
import { createGit } from '../workspace-shared/git';
import { inspectWorkspace, toState } from '../workspace-shared/inspect';
import { createKeyedLock } from '../workspace-shared/keyed-lock';
import { checkPath, isInside, realish } from '../workspace-shared/validate';
import { createWorktree } from './create-worktree';
import { removeWorktree } from './remove-worktree';
import { listWorktreeEntries } from './worktree-entries';

const configSchema = workspaceConfigSchema;

/** Git worktrees of the user's repository, one per session, on a new branch from the up-to-date base branch. */
export const workspaceWorktree = {
  manifest: {
    name: 'worktree',
    slot: 'workspace',
    description: "A git worktree of the user's repository on a session branch (shares its object store)",
  },
  configSchema,
  create(config, ctx): Workspace {
    const git = createGit(ctx.exec, { localMs: LOCAL_GIT_TIMEOUT_MS, networkMs: config.networkTimeoutMs });
    const deps = { git, logger: ctx.logger };
    const root = workspaceRoot(config, ctx.dataDir);
    // Git locks the repository's config and refs: changes to one repository go one at a time.
    const lock = createKeyedLock();
    const inRepo = <T>(repoPath: string, fn: () => Promise<T>) => lock(realish(repoPath), fn);
    return {
      create: (opts) => inRepo(opts.repoPath, () => createWorktree(deps, opts)),
      async state(path) {
        return toState(await inspectWorkspace(git, checkPath(path, 'path')));
      },
      remove: (path, repoPath, opts) =>
        inRepo(repoPath, () => removeWorktree(deps, path, repoPath, opts.force)),
      async list(repoPath) {
        const entries = await listWorktreeEntries(git, checkPath(repoPath, 'repoPath'));
        const realRoot = realish(root);
        return entries.map((e) => e.path).filter((p) => realish(p) !== realRoot && isInside(p, root));
      },
    };
  },
} satisfies PluginModule<'workspace', typeof configSchema>;
