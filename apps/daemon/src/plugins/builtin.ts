import type { PluginModule } from '@ao/shared/plugin';
import { agentAider } from './agent-aider';
import { agentClaudeCode } from './agent-claude-code';
import { agentCodex } from './agent-codex';
import { agentGeneric } from './agent-generic';
import { agentOpencode } from './agent-opencode';
import { notifierComposio } from './notifier-composio';
import { notifierDesktop } from './notifier-desktop';
import { notifierSlack } from './notifier-slack';
import { notifierWebhook } from './notifier-webhook';
import { runtimeContainer } from './runtime-container';
import { runtimeKubernetes } from './runtime-kubernetes';
import { runtimeProcess } from './runtime-process';
import { runtimeTmux } from './runtime-tmux';
import { scmGithub } from './scm-github';
import { terminalGnomeTerminal } from './terminal-gnome-terminal';
import { terminalIterm2 } from './terminal-iterm2';
import { terminalKitty } from './terminal-kitty';
import { terminalTmux } from './terminal-tmux';
import { terminalWezterm } from './terminal-wezterm';
import { terminalXterm } from './terminal-xterm';
import { trackerGithub } from './tracker-github';
import { trackerJira } from './tracker-jira';
import { trackerLinear } from './tracker-linear';
import { workspaceClone } from './workspace-clone';
import { workspaceWorktree } from './workspace-worktree';

/** Every plugin that ships with ao. */
export const builtinPlugins = [
  agentClaudeCode,
  agentGeneric,
  agentCodex,
  agentOpencode,
  agentAider,
  runtimeTmux,
  runtimeProcess,
  runtimeContainer,
  runtimeKubernetes,
  workspaceWorktree,
  workspaceClone,
  trackerGithub,
  trackerLinear,
  trackerJira,
  scmGithub,
  notifierDesktop,
  notifierSlack,
  notifierWebhook,
  notifierComposio,
  terminalIterm2,
  terminalTmux,
  terminalKitty,
  terminalWezterm,
  terminalGnomeTerminal,
  terminalXterm,
] as unknown as PluginModule[];
