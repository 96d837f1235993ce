import type { MergeQueueLastMerged, MergeQueueProject } from '@ao/shared/api-merge-queue';
import type { EventPayload, EventType } from '@ao/shared/events';
import type { Logger } from '@ao/shared/plugin';
import type { LoadedProject, ProjectService } from '../../projects/project-service';
import type { SessionPort } from '../../sessions/port';
import { PassScheduler } from './pass-scheduler';
import { type MergeQueueHistory, recallHistory } from './queue-history';
import { admits, orderQueue, type QueueEntry } from './queue-order';
import { type QueueNote, queueView } from './queue-view';
import { rebaseMessage } from './rebase-message';
import { createGitRunner, type GitRunner } from './run-git';
import {
  type BranchState,
  type BranchTarget,
  inspectBranch,
  mergesCleanly,
  rebaseBranch,
} from './update-branch';

export interface MergeQueueDeps {
  sessions: SessionPort;
  projects: ProjectService;
  logger: Logger;
  emit<E extends EventType>(type: E, data: EventPayload<E>): void;
  /** Re-reads a session's PR from GitHub (after a push, so its checks on the new head are awaited). */
  refreshPr(sessionId: string): Promise<void>;
  /**
   * Brings the project's predicted conflicts up to date with its branches as they are now (resolves once stored on
   * the sessions): called before a merge, so a conflict between the merged head and another live branch is known and
   * shown on both cards before the merge makes it real.
   */
  refreshConflicts?(projectId: string): Promise<void>;
  /** The queue's own events from earlier runs (merged, rebased, rebase_needed), oldest first. */
  history?: readonly MergeQueueHistory[];
  git?: GitRunner;
  debounceMs?: number;
}

type Note = QueueNote;

/**
 * The merge queue (README "Merge queue"): per project, one PR at a time in priority order. The first ready PR (approved,
 * green, mergeable, no open blocker) is checked against the base: up to date, it is merged (when `merge.autoMerge`
 * admits it); behind, its branch is rebased by ao when the worktree is clean and the agent idle, otherwise the agent is
 * asked once per (head, base), naming the conflicting files. Passes are serialized per project and scheduled by
 * session and PR events; each step is an event.
 */
export class MergeQueueService {
  private readonly git: GitRunner;
  private readonly passes: PassScheduler;
  private readonly notes = new Map<string, Note>();
  private readonly queued = new Set<string>();
  /** (session, pushed head, base) the agent was asked to rebase for, or a rebase was tried at. */
  private readonly tried: Set<string>;
  /** PR state (session → key) a merge failed at: not retried until it changes. */
  private readonly failed = new Map<string, string>();
  /** (session, sha) whose PR refresh was asked for, so a lagging GitHub is not asked in a loop. */
  private readonly refreshed = new Set<string>();
  private readonly acting = new Set<Promise<unknown>>();
  /** Per project: the PR merged last, and the view last published (`merge_queue.changed` only when it differs). */
  private readonly lastMerged: Map<string, MergeQueueLastMerged>;
  private readonly published = new Map<string, string>();

  constructor(private readonly deps: MergeQueueDeps) {
    this.git = deps.git ?? createGitRunner();
    const recalled = recallHistory(deps.history ?? []);
    this.lastMerged = recalled.lastMerged;
    this.tried = recalled.tried;
    this.passes = new PassScheduler(async (projectId) => {
      await this.once(projectId).catch((err: Error) =>
        this.deps.logger.warn({ project: projectId, err: err.message }, 'merge queue: pass failed'),
      );
      this.publish(projectId);
    }, deps.debounceMs ?? 200);
  }

  schedule(projectId: string): void {
    this.passes.schedule(projectId);
  }

  /** One pass now (after the one under way); resolves when the queue stopped moving. */
  run(projectId: string): Promise<void> {
    return this.passes.run(projectId);
  }

  /** The queue's order with why each PR waits (`GET /api/merge-queue`). */
  view(project: LoadedProject): MergeQueueProject {
    const { merge, project: p } = project.config;
    const entries = orderQueue(this.deps.sessions.rows(project.id), merge, p.defaultBranch);
    return queueView(project, entries, this.notes, this.lastMerged.get(project.id) ?? null);
  }

  /**
   * Emits `merge_queue.changed` with the project's view when it differs from the one last emitted. A queue that is off
   * emits nothing, except once when it is turned off (then without its items: nothing there moves); a client reads
   * the off state from `GET /api/merge-queue`.
   */
  private publish(projectId: string): void {
    let project: LoadedProject;
    try {
      project = this.deps.projects.get(projectId);
    } catch {
      return;
    }
    const view = this.view(project);
    const key = view.enabled ? JSON.stringify(view) : 'off';
    const before = this.published.get(projectId);
    if (before === key || (key === 'off' && before === undefined)) return;
    this.published.set(projectId, key);
    this.deps.emit('merge_queue.changed', {
      project: projectId,
      queue: view.enabled ? view : { ...view, items: [] },
    });
  }

  async idle(): Promise<void> {
    await this.passes.idle();
    await Promise.allSettled([...this.acting]);
  }

  async close(): Promise<void> {
    await this.passes.close();
    await Promise.allSettled([...this.acting]);
  }

  private async once(projectId: string): Promise<void> {
    let project: LoadedProject;
    try {
      project = this.deps.projects.get(projectId);
    } catch {
      return; // removed, or its config is broken (reported on the project)
    }
    if (!project.config.merge.queue || !project.config.project.repo) return;
    const entries = orderQueue(
      this.deps.sessions.rows(projectId),
      project.config.merge,
      project.config.project.defaultBranch,
    );
    for (const e of entries) {
      if (this.queued.has(e.row.id)) continue;
      this.queued.add(e.row.id);
      this.deps.emit('merge_queue.queued', { ...this.step(e), position: e.position });
    }
    const turn = entries.filter((e) => e.updatable && this.failed.get(e.row.id) !== prKey(e));
    for (const e of entries) if (!turn.includes(e)) this.notes.delete(e.row.id);
    // In order: the first up-to-date ready PR merges; a behind one is rebased by ao (and waits for its checks) or
    // its agent is asked, and the next one is looked at.
    for (const e of turn) {
      const next = await this.advance(project, e).catch((err: Error) => {
        // One branch that cannot be read (deleted on the remote, a broken worktree) does not hold up the others.
        this.note(e, 'waiting', `cannot check the branch: ${err.message}`);
        this.deps.logger.warn({ sessionId: e.row.id, err: err.message }, 'merge queue: step failed');
        return 'next' as const;
      });
      if (next === 'stop') return;
    }
  }

  private step(e: QueueEntry) {
    return { sessionId: e.row.id, project: e.row.projectId, prNumber: e.pr.number };
  }

  /** A PR whose turn may have come: merged when up to date (and admitted), else its branch is brought up to date. */
  private async advance(project: LoadedProject, e: QueueEntry): Promise<'stop' | 'next'> {
    const { remote, defaultBranch } = project.config.project;
    const t: BranchTarget = {
      worktree: e.row.worktreePath,
      remote,
      branch: e.row.branch,
      base: defaultBranch,
    };
    const at = await inspectBranch(this.git, t);
    // Behind: brought up to date first, unless the project merges ready, cleanly mergeable PRs as they are (GitHub's
    // word may predate the last merge: the branch is checked against the base as fetched now).
    const asItIs =
      !project.config.merge.requireUpToDate &&
      e.ready &&
      e.pr.mergeable === 'mergeable' &&
      (at.upToDate || (await mergesCleanly(this.git, t, at)));
    if (!at.upToDate && !asItIs) return this.update(e, t, at);
    if (!e.ready) return 'next'; // GitHub still says it conflicts: wait for the fresh state
    if (e.pr.headSha !== at.pushed) {
      this.note(e, 'waiting', 'waiting for GitHub to report the pushed head and its checks');
      await this.refreshOnce(e.row.id, at.pushed);
      return 'stop';
    }
    if (!admits(project.config.merge, e.pr)) {
      this.notes.delete(e.row.id);
      return 'stop';
    }
    // The conflict picture may lag a commit by its debounce (or miss one that wrote no reflog): computed for the
    // branches as they are now before deciding, so a pair editing the same lines is known before one is merged.
    this.note(e, 'merging', 'checking predicted conflicts before the merge');
    await this.deps.refreshConflicts?.(project.id);
    await this.merge(project, e);
    return 'stop';
  }

  private async merge(project: LoadedProject, e: QueueEntry): Promise<void> {
    const method = project.config.merge.method;
    this.note(e, 'merging', `merging (${method})`);
    this.deps.emit('merge_queue.merging', { ...this.step(e), method });
    try {
      await this.deps.sessions.merge(e.row.id, method);
    } catch (err) {
      const detail = (err as Error).message;
      this.failed.set(e.row.id, prKey(e));
      this.note(e, 'waiting', `merge failed: ${detail}`);
      this.deps.emit('merge_queue.merge_failed', { ...this.step(e), detail });
      return;
    }
    this.notes.delete(e.row.id);
    this.queued.delete(e.row.id);
    this.lastMerged.set(e.row.projectId, {
      sessionId: e.row.id,
      prNumber: e.pr.number,
      at: new Date().toISOString(),
    });
    this.deps.emit('merge_queue.merged', this.step(e));
    this.passes.again(e.row.projectId); // the next one's turn
  }

  /**
   * A branch behind its base: ao rebases it when it may (then it waits for its checks: the queue stops there), else
   * asks the agent once per (head, base) and the queue moves on to the next PR.
   */
  private async update(e: QueueEntry, t: BranchTarget, at: BranchState): Promise<'stop' | 'next'> {
    const key = `${e.row.id}:${at.pushed}:${at.head}:${at.baseSha}`;
    if (this.tried.has(key)) return 'next';
    if (e.row.status === 'running' && e.row.activity !== 'idle') {
      this.note(e, 'waiting', `behind ${t.base}: ao rebases it once the agent is idle`);
      return 'next';
    }
    this.tried.add(key);
    this.note(e, 'rebasing', `rebasing onto ${t.remote}/${t.base}`);
    const out = await rebaseBranch(this.git, t, at);
    const step = { ...this.step(e), branch: t.branch, base: t.base, attempt: key };
    if (out.kind === 'rebased') {
      this.note(e, 'waiting', `rebased onto ${t.base}: waiting for checks on the new head`);
      this.deps.emit('merge_queue.rebased', { ...step, from: out.from, to: out.to });
      await this.refreshOnce(e.row.id, out.to);
      return 'stop';
    }
    const reason =
      out.kind === 'conflict'
        ? 'the rebase stops on conflicts (aborted; the worktree is as it was)'
        : out.kind === 'push-refused'
          ? `the push was refused (${out.reason})`
          : out.reason;
    const files = out.kind === 'push-refused' ? [] : out.files;
    this.note(e, 'waiting', `behind ${t.base}: the agent was asked to rebase (${reason})`);
    this.deps.emit('merge_queue.rebase_needed', { ...step, reason, files });
    this.tell(e.row.id, rebaseMessage(t, e.pr.number, reason, files));
    return 'next';
  }

  /** Told without waiting: a message waits for its agent to take it. */
  private tell(sessionId: string, text: string): void {
    const acting = this.deps.sessions
      .send(sessionId, text, 'reaction')
      .catch((err: Error) =>
        this.deps.logger.warn(
          { sessionId, err: err.message },
          'merge queue: asking the agent to rebase failed',
        ),
      );
    this.acting.add(acting);
    void acting.finally(() => this.acting.delete(acting));
  }

  private async refreshOnce(sessionId: string, sha: string): Promise<void> {
    const key = `${sessionId}:${sha}`;
    if (this.refreshed.has(key)) return;
    this.refreshed.add(key);
    await this.deps.refreshPr(sessionId);
  }

  /** Remembers a PR's step; a step that changes what the queue shows (rebasing, merging) is published at once. */
  private note(e: QueueEntry, state: Note['state'], reason: string): void {
    this.notes.set(e.row.id, { state, reason });
    if (state !== 'waiting') this.publish(e.row.projectId);
  }
}

/** What a failed merge is not retried before: the PR's head, checks, review or mergeability changed. */
const prKey = (e: QueueEntry) =>
  [e.pr.headSha, e.pr.ci, e.pr.reviewDecision, e.pr.mergeable, (e.pr.labels ?? []).join(',')].join(':');
