import type { PluginModule, Workspace } from '@ao/shared/plugin';
import { LOCAL_GIT_TIMEOUT_MS, workspaceConfigSchema, workspaceRoot } from '../workspace-shared/config';
import { createGit } from '../workspace-shared/git';
import { inspectWorkspace, toState } from '../workspace-shared/inspect';
import { checkPath } from '../workspace-shared/validate';
import { createClone } from './create-clone';
import { listClones } from './list-clones';
import { removeClone } from './remove-clone';

const configSchema = workspaceConfigSchema;

/** A full clone of the user's remote per session: isolated from the user's checkout, pushing to the real remote. */
export const workspaceClone = {
  manifest: {
    name: 'clone',
    slot: 'workspace',
    description:
      "A separate clone of the repository's remote on a session branch (nothing shared with the checkout)",
  },
  configSchema,
  create(config, ctx): Workspace {
    const git = createGit(ctx.exec, { localMs: LOCAL_GIT_TIMEOUT_MS, networkMs: config.networkTimeoutMs });
    const deps = { git, logger: ctx.logger };
    const root = workspaceRoot(config, ctx.dataDir);
    return {
      create: (opts) => createClone(deps, opts),
      async state(path) {
        return toState(await inspectWorkspace(git, checkPath(path, 'path')));
      },
      remove: (path, repoPath, opts) => removeClone(deps, path, repoPath, opts.force),
      list: (repoPath) => listClones(git, root, checkPath(repoPath, 'repoPath')),
    };
  },
} satisfies PluginModule<'workspace', typeof configSchema>;
