import type { PluginModule } from '@ao/shared/plugin';
import { agentGeneric } from './agent-generic';
import { runtimeProcess } from './runtime-process';
import { runtimeTmux } from './runtime-tmux';
import { scmGithub } from './scm-github';
import { trackerGithub } from './tracker-github';
import { workspaceClone } from './workspace-clone';
import { workspaceWorktree } from './workspace-worktree';

/** Every plugin that ships with ao. */
export const builtinPlugins = [
  agentGeneric,
  runtimeTmux,
  runtimeProcess,
  workspaceWorktree,
  workspaceClone,
  trackerGithub,
  scmGithub,
] as unknown as PluginModule[];
