import { join } from 'node:path';
import type { Agent, Runtime, Workspace } from '@ao/shared/plugin';
import type { PluginRegistry } from '../plugins/registry';
import type { LoadedProject, ProjectService } from '../projects/project-service';
import type { SessionRow } from './session-row';

export interface SessionPlugins {
  project: LoadedProject;
  agent: Agent;
  runtime: Runtime;
  workspace: Workspace;
}

/** The plugin instances a session runs with, from its project's settings. */
export function pluginsOf(
  ctx: { projects: ProjectService; registry: PluginRegistry },
  row: Pick<SessionRow, 'projectId' | 'agent' | 'runtime' | 'workspace'> & { kind?: string },
): SessionPlugins {
  const { projects, registry } = ctx;
  const project = projects.get(row.projectId);
  const settings = projects.settings(project, 'agent', row.agent);
  // The orchestrator may run its agent with settings of its own (another model), laid over the workers'.
  const own = row.kind === 'orchestrator' ? project.config.orchestrator.agentSettings : undefined;
  return {
    project,
    agent: registry.create('agent', row.agent, own ? { ...(settings as object), ...own } : settings),
    runtime: registry.create('runtime', row.runtime, projects.settings(project, 'runtime', row.runtime)),
    workspace: registry.create(
      'workspace',
      row.workspace,
      projects.settings(project, 'workspace', row.workspace),
    ),
  };
}

/** Whether the agent's own signals can confirm that a message arrived. */
export const canConfirm = (agent: Agent): boolean => Boolean(agent.onHook || agent.watch);

export const sessionDirOf = (dataDir: string, id: string) => join(dataDir, 'sessions', id);
export const sessionLogOf = (dataDir: string, id: string) => join(dataDir, 'sessions', id, 'terminal.log');
export const worktreePathOf = (dataDir: string, projectId: string, id: string) =>
  join(dataDir, 'worktrees', projectId, id);
