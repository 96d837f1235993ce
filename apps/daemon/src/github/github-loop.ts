import type { PullRequest } from '@ao/shared/session';
import type { ReviewCommentDetail } from '../reactions';
import type { Services } from '../services';
import { finishSession } from '../sessions/merge-session';
import type { SessionRow } from '../sessions/session-row';
import { exec } from '../util/exec';
import type { WebhookFact } from '../webhooks';
import { autoPickup } from './auto-pickup';
import { scmOf, syncPr } from './pr-sync';
import { provisionalPr } from './provisional-pr';
import { react } from './react';

const ACTIVE = new Set(['spawning', 'running', 'runtime_lost']);
/** Webhooks after which review data must be re-read (it is otherwise cached while the PR is unchanged). */
const REVIEW_KINDS = new Set(['pr', 'review', 'review_comment', 'review_thread', 'issue_comment']);

/**
 * Keeps sessions' PR state right and fires reactions: webhooks first; a reconciler polls (conditional requests) only
 * what webhooks did not confirm recently; activity changes re-evaluate the agent reactions at once.
 */
export class GithubLoop {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly busy = new Map<string, Promise<void>>();

  constructor(private readonly s: Services) {}

  start(tickMs = 15_000): void {
    this.unsubscribe = this.s.bus.subscribe((event) => {
      if (event.type === 'session.activity' || event.type === 'session.status_changed') {
        this.queue(event.data.session.id, () => react(this.s, event.data.session.id).then(() => undefined));
      }
    });
    const tick = () => {
      this.reconcile()
        .catch((err: Error) => this.s.logger.error({ err: err.message }, 'reconcile failed'))
        .finally(() => {
          if (this.unsubscribe) this.timer = setTimeout(tick, tickMs);
        });
    };
    this.timer = setTimeout(tick, 1_000);
  }

  /** Stops polling and reacting, and waits for the work already under way. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.busy.values()]);
  }

  /** A verified webhook: refresh the sessions it concerns. */
  async onFact(fact: WebhookFact): Promise<string[]> {
    if (!fact.repo || fact.kind === 'ping' || fact.kind === 'ignored') return [];
    if (fact.kind === 'issue') {
      for (const project of this.projectsOf(fact.repo)) await autoPickup(this.s, project.id, true);
      return [];
    }
    const matched = this.sessionsOf(fact.repo).filter((row) => matches(row, fact));
    const now = new Date().toISOString();
    for (const row of matched) {
      const pr = row.pr as PullRequest | null;
      const provisional = pr ? provisionalPr(pr, fact) : null;
      // The board moves on what the delivery says; the refresh from GitHub that follows confirms it and reacts.
      if (provisional)
        this.s.store.update(row.id, { pr: provisional, prConfirmedAt: now }, { event: 'pr.updated' });
      else this.s.store.update(row.id, { prConfirmedAt: now });
    }
    await Promise.all(matched.map((row) => this.refresh(row.id, REVIEW_KINDS.has(fact.kind))));
    return matched.map((r) => r.id);
  }

  /** Polls what webhooks did not confirm within the project's poll interval, and re-evaluates timed reactions. */
  async reconcile(): Promise<void> {
    const now = Date.now();
    for (const row of this.s.store.rows()) {
      if (!ACTIVE.has(row.status)) continue;
      let interval: number;
      try {
        const project = this.s.projects.get(row.projectId);
        if (!project.config.project.repo) continue;
        interval = project.config.github.pollIntervalSec * 1000;
      } catch {
        continue; // broken config: reported on the project
      }
      const confirmed = row.prConfirmedAt ? Date.parse(row.prConfirmedAt) : 0;
      if (now - confirmed >= interval && now - (this.lastPoll.get(row.id) ?? 0) >= interval) {
        this.lastPoll.set(row.id, now);
        await this.refresh(row.id);
      } else {
        await this.queue(row.id, () => react(this.s, row.id).then(() => undefined));
      }
    }
    for (const project of this.s.projects.list()) {
      if (project.error) continue;
      await autoPickup(this.s, project.id).catch((err: Error) =>
        this.s.logger.warn({ project: project.id, err: err.message }, 'auto pickup failed'),
      );
    }
  }

  private readonly lastPoll = new Map<string, number>();

  /** Re-reads a session's PR, opens one if configured, finishes merged/closed ones, then reacts. Serialized per session. */
  refresh(sessionId: string, freshReviews = false): Promise<void> {
    return this.queue(sessionId, async () => {
      const change = await syncPr(this.s, sessionId, freshReviews);
      if (!change) return;
      let pr = change.next;
      if (!pr) pr = await this.maybeOpenPr(change.session);
      if (!pr) return react(this.s, sessionId).then(() => undefined);
      if (pr.state === 'merged' || pr.state === 'closed') {
        await finishSession(this.s, sessionId, pr.state === 'merged' ? 'PR merged' : 'PR closed');
        return;
      }
      const found = scmOf(this.s, change.session);
      const failedChecks =
        pr.ci === 'failing' && found ? await found.scm.failedCheckDetails(found.repo, pr.number) : undefined;
      const reviewComments: ReviewCommentDetail[] = pr.unresolvedThreads.map((t) => ({
        ...t,
        id: t.url ?? undefined,
      }));
      await react(this.s, sessionId, { failedChecks, reviewComments });
    });
  }

  private async maybeOpenPr(row: SessionRow): Promise<PullRequest | null> {
    const project = this.s.projects.get(row.projectId);
    if (!project.config.github.autoOpenPr || row.status === 'spawning') return null;
    const found = scmOf(this.s, row);
    if (!found) return null;
    const pushed = await this.s.registry
      .create('workspace', row.workspace, this.s.projects.settings(project, 'workspace', row.workspace))
      .state(row.worktreePath, project.repoPath);
    if (!pushed.exists || pushed.unpushed > 0) return null;
    const ahead = await hasRemoteBranch(this.s, project.repoPath, project.config.project.remote, row.branch);
    if (!ahead) return null;
    const created = await found.scm.createPr(found.repo, {
      head: row.branch,
      base: row.baseBranch,
      title: row.title,
      body: `Opened by ao for session ${row.id}.${row.prompt ? `\n\nTask:\n\n${row.prompt}` : ''}`,
    });
    const full = await found.scm.getPr(found.repo, created.number);
    this.s.store.update(row.id, { pr: full }, { event: 'pr.updated' });
    return full;
  }

  private queue(sessionId: string, fn: () => Promise<void>): Promise<void> {
    if (!this.unsubscribe) return Promise.resolve(); // stopped
    const prev = this.busy.get(sessionId) ?? Promise.resolve();
    const next = prev
      .then(fn)
      .catch((err: Error) => this.s.logger.error({ sessionId, err: err.message }, 'GitHub refresh failed'));
    this.busy.set(sessionId, next);
    void next.finally(() => {
      if (this.busy.get(sessionId) === next) this.busy.delete(sessionId);
    });
    return next;
  }

  private projectsOf(repo: string) {
    return this.s.projects.list().filter((p) => !p.error && p.repo?.toLowerCase() === repo.toLowerCase());
  }

  private sessionsOf(repo: string): SessionRow[] {
    const ids = new Set(this.projectsOf(repo).map((p) => p.id));
    return this.s.store.rows().filter((r) => ids.has(r.projectId) && ACTIVE.has(r.status));
  }
}

function matches(row: SessionRow, fact: WebhookFact): boolean {
  const pr = row.pr as PullRequest | null;
  if (pr && fact.prNumbers.includes(pr.number)) return true;
  if (fact.branch && fact.branch === row.branch) return true;
  if (fact.branches?.includes(row.branch)) return true;
  return Boolean(pr?.headSha && fact.headSha && pr.headSha === fact.headSha);
}

async function hasRemoteBranch(
  s: Services,
  repoPath: string,
  remote: string,
  branch: string,
): Promise<boolean> {
  const out = await exec('git', ['ls-remote', '--heads', '--', remote, `refs/heads/${branch}`], {
    cwd: repoPath,
  }).catch((err: Error) => {
    s.logger.warn({ branch, err: err.message }, 'cannot list remote branches');
    return { stdout: '' };
  });
  return out.stdout.trim().length > 0;
}
