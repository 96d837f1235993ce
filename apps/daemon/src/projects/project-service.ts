import { resolve } from 'node:path';
import type { Project } from '@ao/shared/api';
import { AoError, badRequest, conflict, projectNotFound } from '@ao/shared/errors';
import type { Scm, SlotName, Tracker, Workspace } from '@ao/shared/plugin';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { projects } from '../db/schema';
import type { EventBus } from '../events/event-bus';
import type { PluginRegistry } from '../plugins/registry';
import { type LoadedProject, readProject, SETTINGS_KEY } from './read-project';

export type { LoadedProject } from './read-project';

/** Projects: one `ao.config.yaml` each, registered in the database and loaded (validated) in memory. */
export class ProjectService {
  private readonly loaded = new Map<string, LoadedProject>();
  private readonly errors = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly registry: PluginRegistry,
    private readonly env: Record<string, string | undefined>,
  ) {}

  /** Loads every registered project; a broken config is kept with its error, not fatal. */
  async loadAll(): Promise<void> {
    for (const row of this.db.select().from(projects).all()) {
      try {
        this.loaded.set(row.id, await this.read(row.configPath));
        this.errors.delete(row.id);
      } catch (err) {
        this.errors.set(row.id, (err as Error).message);
      }
    }
  }

  /** Registers (or reloads) the project of a config file. */
  async add(configPath: string): Promise<Project> {
    const file = resolve(configPath);
    const project = await this.read(file);
    const existing = this.db.select().from(projects).where(eq(projects.id, project.id)).get();
    if (existing && existing.configPath !== file) {
      throw conflict(
        `project id "${project.id}" is already used by ${existing.configPath}; pick another project.id`,
      );
    }
    const now = new Date().toISOString();
    this.bus.transaction((tx, emit) => {
      if (existing) {
        tx.update(projects)
          .set({ name: project.config.project.name, repoPath: project.repoPath, updatedAt: now })
          .where(eq(projects.id, project.id))
          .run();
      } else {
        tx.insert(projects)
          .values({
            id: project.id,
            name: project.config.project.name,
            configPath: file,
            repoPath: project.repoPath,
            createdAt: now,
            updatedAt: now,
          })
          .run();
      }
      this.loaded.set(project.id, project);
      this.errors.delete(project.id);
      emit(existing ? 'project.updated' : 'project.added', { project: this.view(project.id) });
    });
    return this.view(project.id);
  }

  /** Every project whose config loaded. */
  loadedAll(): LoadedProject[] {
    return [...this.loaded.values()];
  }

  get(id: string): LoadedProject {
    const project = this.loaded.get(id);
    if (project) return project;
    const error = this.errors.get(id);
    if (error) throw new AoError('bad_request', `project "${id}" has a config error: ${error}`);
    throw projectNotFound(id);
  }

  /** The project to use when the caller names none: the only one, or an error listing them. */
  resolve(id: string | undefined): LoadedProject {
    if (id) return this.get(id);
    const ids = this.list().map((p) => p.id);
    if (ids.length === 1 && ids[0]) return this.get(ids[0]);
    throw new AoError(
      'bad_request',
      ids.length
        ? `several projects (${ids.join(', ')}): name one`
        : 'no project yet: run `ao init` in a repository',
      'project',
    );
  }

  list(): Project[] {
    return this.db
      .select()
      .from(projects)
      .all()
      .map((row) => this.view(row.id));
  }

  view(id: string): Project {
    const row = this.db.select().from(projects).where(eq(projects.id, id)).get();
    if (!row) throw projectNotFound(id);
    const p = this.loaded.get(id);
    return {
      id,
      name: row.name,
      repo: p?.config.project.repo ?? null,
      path: row.repoPath,
      configPath: row.configPath,
      defaultBranch: p?.config.project.defaultBranch ?? 'main',
      agent: p?.config.agent ?? 'unknown',
      runtime: p?.config.runtime ?? 'unknown',
      workspace: p?.config.workspace ?? 'unknown',
      tracker: p?.config.tracker ?? 'none',
      permissionGraceSec: this.permissionGraceMs(id) / 1000,
      error: this.errors.get(id) ?? null,
    };
  }

  /** How long a permission prompt is the orchestrator's before it needs the human (0: no orchestrator). */
  permissionGraceMs(id: string): number {
    const o = this.loaded.get(id)?.config.orchestrator;
    return o?.enabled ? o.permissionGraceSec * 1000 : 0;
  }

  /** The SCM plugin of a project and its repository, or null when it has no `project.repo`. */
  scmOf(id: string): { repo: string; scm: Scm } | null {
    const project = this.get(id);
    const repo = project.config.project.repo;
    if (!repo) return null;
    const name = project.config.scm;
    return { repo, scm: this.registry.create('scm', name, this.settings(project, 'scm', name)) };
  }

  /** The tracker plugin of a project and its repository (`''` when it has none and the tracker needs none: Linear,
   *  Jira); a 400 naming the key when it has no tracker, or GitHub's has no repository. */
  trackerOf(id: string): { repo: string; tracker: Tracker } {
    const project = this.get(id);
    const { tracker: name, project: p } = project.config;
    if (name === 'none')
      throw badRequest(
        `project ${id} has no tracker (set tracker: github, linear or jira in ao.config.yaml)`,
        'tracker',
      );
    if (!p.repo && name === 'github')
      throw badRequest(`project ${id} has no project.repo (owner/name)`, 'repo');
    return {
      repo: p.repo ?? '',
      tracker: this.registry.create('tracker', name, this.settings(project, 'tracker', name)),
    };
  }

  /** A workspace plugin with the project's settings for it. */
  workspaceOf(id: string, name: string): Workspace {
    const project = this.get(id);
    return this.registry.create('workspace', name, this.settings(project, 'workspace', name));
  }

  /** Settings of a plugin for a project (`agents.generic`, ...). */
  settings(project: LoadedProject, slot: SlotName, name: string): unknown {
    const key = SETTINGS_KEY[slot];
    const own = key
      ? ((project.config[key][name] as Record<string, unknown> | undefined) ?? {})
      : slot === 'notifier' && name !== 'routing'
        ? (project.config.notifiers[name] ?? {})
        : {};
    if (name === 'github' && (slot === 'tracker' || slot === 'scm')) {
      // The GitHub token comes from the environment unless the config names one.
      return { GITHUB_TOKEN: this.env.GITHUB_TOKEN, GH_TOKEN: this.env.GH_TOKEN, ...own };
    }
    // Linear, Jira and Composio secrets come only from the environment (or a file the settings name), never from the config.
    if (slot === 'tracker' && name === 'linear') return { ...own, LINEAR_API_KEY: this.env.LINEAR_API_KEY };
    if (slot === 'notifier' && name === 'composio')
      return { ...own, COMPOSIO_API_KEY: this.env.COMPOSIO_API_KEY };
    if (slot === 'tracker' && name === 'jira')
      return { ...own, JIRA_EMAIL: this.env.JIRA_EMAIL, JIRA_API_TOKEN: this.env.JIRA_API_TOKEN };
    return own;
  }

  /** The project of a config file, or a ConfigError listing every problem in it. */
  private read(file: string): Promise<LoadedProject> {
    return readProject(file, this.env, this.registry);
  }
}
