import { join } from 'node:path';
import type { Agent, Runtime, Workspace } from '@ao/shared/plugin';
import type { LoadedProject } from '../projects/project-service';
import type { Services } from '../services';
import type { SessionRow } from './session-row';

export interface SessionPlugins {
  project: LoadedProject;
  agent: Agent;
  runtime: Runtime;
  workspace: Workspace;
}

/** The plugin instances a session runs with, from its project's settings. */
export function pluginsOf(
  s: Services,
  row: Pick<SessionRow, 'projectId' | 'agent' | 'runtime' | 'workspace'>,
) {
  const project = s.projects.get(row.projectId);
  return {
    project,
    agent: s.registry.create('agent', row.agent, s.projects.settings(project, 'agent', row.agent)),
    runtime: s.registry.create('runtime', row.runtime, s.projects.settings(project, 'runtime', row.runtime)),
    workspace: s.registry.create(
      'workspace',
      row.workspace,
      s.projects.settings(project, 'workspace', row.workspace),
    ),
  } satisfies SessionPlugins;
}

export const sessionDirOf = (s: Services, id: string) => join(s.options.dataDir, 'sessions', id);
export const sessionLogOf = (s: Services, id: string) =>
  join(s.options.dataDir, 'sessions', id, 'terminal.log');
export const worktreePathOf = (s: Services, projectId: string, id: string) =>
  join(s.options.dataDir, 'worktrees', projectId, id);
