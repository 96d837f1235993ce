import type { OrchestratorConfig } from '@ao/shared/config-orchestrator';
import type { LoadedProject } from '../projects/project-service';

/** One orchestrator: its key (a project id, or `*`), the project it runs in, the projects it oversees, its config. */
export interface OrchestratorSpec {
  key: string;
  host: string;
  projects: string[];
  config: OrchestratorConfig;
}

/**
 * The orchestrators the loaded configs ask for: one per project with `scope: project`, and one (run in the first such
 * project, with its settings) for every project with `scope: all`. Pure.
 */
export function orchestratorSpecs(loaded: readonly LoadedProject[]): OrchestratorSpec[] {
  const specs: OrchestratorSpec[] = [];
  let all: OrchestratorSpec | null = null;
  for (const p of loaded) {
    const config = p.config.orchestrator;
    if (!config.enabled) continue;
    if (config.scope === 'project') specs.push({ key: p.id, host: p.id, projects: [p.id], config });
    else if (all) all.projects.push(p.id);
    else {
      all = { key: '*', host: p.id, projects: [p.id], config };
      specs.push(all);
    }
  }
  return specs;
}
