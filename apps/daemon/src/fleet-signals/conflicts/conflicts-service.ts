import { dirname, join, resolve } from 'node:path';
import type { Logger } from '@ao/shared/plugin';
import type { SessionConflict } from '@ao/shared/session';
import type { Db } from '../../db/open-db';
import type { LoadedProject, ProjectService } from '../../projects/project-service';
import type { SessionPort } from '../../sessions/port';
import type { SessionPatch } from '../../sessions/session-store';
import { computeDependencies } from '../dependencies/compute-dependencies';
import { baseRefOf, computeProjectConflicts, isLive } from './compute-project-conflicts';
import { ConflictEngine } from './conflict-engine';
import { actOnNewConflicts, type ConflictActions } from './conflict-notices';
import { createRunGit, type RunGit } from './git-exec';
import { RefWatcher } from './ref-watcher';

export interface ConflictsServiceDeps {
  sessions: SessionPort;
  projects: ProjectService;
  db: Db;
  logger: Logger;
  actions: ConflictActions;
  git?: RunGit;
  /** Changes within this window are computed once (a commit writes several refs). */
  debounceMs?: number;
}

interface ProjectState {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  dirty: boolean;
  fetchBase: boolean;
  watcher: RefWatcher;
  commonDir: string | null;
}

/**
 * Keeps every project's predicted conflicts current: a recompute is scheduled by a push webhook, a ref moving in the
 * repository (a commit in a worktree, a fetch), a session starting or ending; per project they are
 * debounced and run one at a time. A session's conflicts are stored on its row only when they changed, with a
 * `session.conflicts` event; new ones are acted on per `conflicts.onNew`.
 */
export class ConflictsService {
  private readonly git: RunGit;
  private readonly engine: ConflictEngine;
  private readonly states = new Map<string, ProjectState>();
  private closed = false;
  /** Messages and notifications under way. */
  private readonly acting = new Set<Promise<unknown>>();

  constructor(private readonly deps: ConflictsServiceDeps) {
    this.git = deps.git ?? createRunGit();
    this.engine = new ConflictEngine(this.git, { concurrency: 2 });
  }

  /** Recompute a project's conflicts soon; `fetchBase` first fetches the default branch from the remote. */
  schedule(projectId: string, opts: { fetchBase?: boolean } = {}): void {
    if (this.closed) return;
    const state = this.state(projectId);
    if (opts.fetchBase) state.fetchBase = true;
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.run(projectId);
    }, this.deps.debounceMs ?? 100);
  }

  /** Recomputes now (after any run under way) and resolves when the stored conflicts are current. */
  async run(projectId: string): Promise<void> {
    const state = this.state(projectId);
    if (state.running) {
      state.dirty = true;
      return state.running;
    }
    state.running = (async () => {
      do {
        state.dirty = false;
        await this.once(projectId, state).catch((err: Error) =>
          this.deps.logger.warn({ project: projectId, err: err.message }, 'conflicts: recompute failed'),
        );
      } while (state.dirty && !this.closed);
    })().finally(() => {
      state.running = null;
    });
    return state.running;
  }

  /** Waits for the recomputes under way. */
  async idle(): Promise<void> {
    await Promise.all([...this.states.values()].map((s) => s.running));
    await Promise.allSettled([...this.acting]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.states.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.watcher.close();
    }
    await this.idle();
  }

  private state(projectId: string): ProjectState {
    let state = this.states.get(projectId);
    if (!state) {
      const watcher = new RefWatcher(
        () => this.schedule(projectId),
        (dir, err) => this.deps.logger.warn({ dir, err: err.message }, 'conflicts: cannot watch refs'),
      );
      state = { timer: null, running: null, dirty: false, fetchBase: false, watcher, commonDir: null };
      this.states.set(projectId, state);
    }
    return state;
  }

  private async once(projectId: string, state: ProjectState): Promise<void> {
    let project: LoadedProject;
    try {
      project = this.deps.projects.get(projectId);
    } catch {
      return; // removed, or its config is broken (reported on the project)
    }
    if (state.fetchBase) {
      state.fetchBase = false;
      await this.fetchBase(project);
    }
    const rows = this.deps.sessions.rows(projectId);
    const found = await computeProjectConflicts({ git: this.git, engine: this.engine }, project, rows);
    const dependencies = computeDependencies(rows, found);
    const running: Array<[string, SessionConflict[]]> = [];
    for (const row of rows) {
      const next = found.get(row.id) ?? [];
      const deps = dependencies.get(row.id) ?? { blockedBy: [], blocks: [] };
      const patch: SessionPatch = {};
      if (!same(row.conflicts, next, [])) patch.conflicts = next;
      if (!same(row.dependencies, deps, { blockedBy: [], blocks: [] })) patch.dependencies = deps;
      if (Object.keys(patch).length && this.deps.sessions.find(row.id))
        this.deps.sessions.update(row.id, patch, { event: 'session.conflicts' });
      if (row.status === 'running' && next.length) running.push([row.id, next]);
    }
    // Told after every card is current, and not waited for: a message waits for its agent to take it.
    for (const [id, next] of running) {
      const acting = actOnNewConflicts(
        this.deps.db,
        this.deps.actions,
        project.config.conflicts,
        id,
        next,
        project.config.project.defaultBranch,
      ).catch((err: Error) =>
        this.deps.logger.warn(
          { session: id, err: err.message },
          'conflicts: telling about a conflict failed',
        ),
      );
      this.acting.add(acting);
      void acting.finally(() => this.acting.delete(acting));
    }
    await this.watch(
      project,
      state,
      rows.filter(isLive).map((r) => r.branch),
    );
  }

  /** A push moved the default branch on the remote: bring its remote-tracking ref up to date (nothing else moves). */
  private async fetchBase(project: LoadedProject): Promise<void> {
    const { remote, defaultBranch } = project.config.project;
    const dst = baseRefOf(project);
    if (remote.startsWith('-')) return; // never an option to git
    await this.git(project.repoPath, [
      'fetch',
      '--no-tags',
      '--quiet',
      remote,
      `+refs/heads/${defaultBranch}:${dst}`,
    ]).catch((err: Error) =>
      this.deps.logger.warn({ project: project.id, err: err.message }, 'conflicts: fetching the base failed'),
    );
  }

  private async watch(project: LoadedProject, state: ProjectState, branches: string[]): Promise<void> {
    if (state.commonDir === null) {
      const { stdout } = await this.git(project.repoPath, ['rev-parse', '--git-common-dir']);
      state.commonDir = resolve(project.repoPath, stdout.trim());
    }
    const logs = join(state.commonDir, 'logs', 'refs');
    const dirs = new Set(branches.map((b) => dirname(join(logs, 'heads', b))));
    dirs.add(join(logs, 'remotes', project.config.project.remote));
    state.watcher.sync(this.closed ? [] : dirs);
  }
}

/** A stored JSON column (null when never written) against a new value. */
function same(stored: unknown, next: unknown, empty: unknown): boolean {
  return JSON.stringify(stored ?? empty) === JSON.stringify(next);
}
