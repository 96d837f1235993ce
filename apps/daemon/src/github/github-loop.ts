import type { Logger, ReviewBody } from '@ao/shared/plugin';
import type { PullRequest } from '@ao/shared/session';
import type { CheckPolicy, PolicyTarget, PolicyTodo } from '../fleet-signals/checks';
import type { ProjectService } from '../projects/project-service';
import type { Reactor } from '../reactions/reactor';
import type { ReviewCommentDetail } from '../reactions/types';
import { ACTIVE } from '../sessions/lifecycle';
import type { SessionPort } from '../sessions/port';
import type { SessionRow } from '../sessions/session-row';
import type { WebhookFact, WebhookInbox } from '../webhooks';
import { AutoPickup } from './auto-pickup';
import { maybeOpenPr } from './open-pr';
import { syncPr } from './pr-sync';
import { provisionalPr } from './provisional-pr';

/** Webhooks after which review data must be re-read (it is otherwise cached while the PR is unchanged). */
const REVIEW_KINDS = new Set(['pr', 'review', 'review_comment', 'review_thread', 'issue_comment']);
/** A delivery whose processing failed this many times is set aside (logged), not retried for ever. */
const MAX_ATTEMPTS = 5;

export interface GithubLoopDeps {
  sessions: SessionPort;
  projects: ProjectService;
  reactions: Reactor;
  inbox: WebhookInbox;
  /** Keeps check outcomes and classifies failing checks before the ci_failed reaction may wake an agent. */
  checks: CheckPolicy;
  logger: Logger;
  /** Told the reviews read with each refresh (session outcomes count them by reviewer kind). */
  onReviews?(sessionId: string, reviews: ReviewBody[], head: string | null): void;
}

/**
 * Keeps sessions' PR state right and hands it to the reactions: recorded webhook deliveries first (processed in order
 * of arrival from the durable inbox, after the delivery was answered); a reconciler polls (conditional requests) only
 * what webhooks did not confirm recently. Refreshes of one session are serialized.
 */
export class GithubLoop {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly busy = new Map<string, Promise<void>>();
  private readonly lastPoll = new Map<string, number>();
  /** Deliveries being processed, by id: `stop()` waits for them before the database may close. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly pickup: AutoPickup;
  private readonly pushListeners = new Set<(fact: WebhookFact) => void>();

  constructor(private readonly deps: GithubLoopDeps) {
    this.pickup = new AutoPickup(deps.sessions, deps.projects);
  }

  start(tickMs = 15_000): void {
    this.running = true;
    const tick = () => {
      this.wake();
      this.reconcile()
        .catch((err: Error) => this.deps.logger.error({ err: err.message }, 'reconcile failed'))
        .finally(() => {
          if (this.running) this.timer = setTimeout(tick, tickMs);
        });
    };
    this.timer = setTimeout(tick, 1_000);
    this.wake(); // deliveries recorded before a restart
  }

  /** Stops polling and processing, and waits for the work already under way. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.busy.values(), ...this.inFlight.values()]);
  }

  /** Processes the recorded deliveries not yet processed, oldest first; each is marked processed once its work is done. */
  wake(): void {
    if (!this.running) return;
    for (const { id, fact, attempts } of this.deps.inbox.pending()) {
      if (this.inFlight.has(id)) continue;
      // onFact's synchronous part (matching, the provisional PR state) runs now, in order of arrival.
      const work = this.onFact(fact)
        .then(
          () => this.deps.inbox.processed(id),
          (err: Error) => {
            this.deps.logger.warn({ delivery: id, err: err.message }, 'processing a webhook delivery failed');
            if (attempts + 1 >= MAX_ATTEMPTS) this.deps.inbox.processed(id);
            this.deps.inbox.failed(id, err.message);
          },
        )
        .catch((err: Error) =>
          this.deps.logger.error({ delivery: id, err: err.message }, 'recording a delivery failed'),
        )
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, work);
    }
  }

  /** Calls `listener` with every `push` delivery (a branch or the default branch moved); returns the unsubscribe. */
  onPush(listener: (fact: WebhookFact) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** What a verified delivery tells: refresh the sessions it concerns (their board state moves at once). */
  async onFact(fact: WebhookFact): Promise<string[]> {
    if (!fact.repo || fact.kind === 'ping' || fact.kind === 'ignored') return [];
    if (fact.kind === 'push') for (const listener of this.pushListeners) listener(fact);
    if (fact.kind === 'issue') {
      for (const project of this.projectsOf(fact.repo)) await this.pickup.run(project.id, true);
      return [];
    }
    const onDefault = this.recordOutcome(fact);
    const matched = this.sessionsOf(fact.repo).filter((row) => matches(row, fact));
    const now = new Date().toISOString();
    const todos: Array<Promise<unknown>> = [];
    for (const row of matched) {
      const pr = row.pr as PullRequest | null;
      const provisional = pr ? provisionalPr(pr, fact) : null;
      const target = provisional ? this.checksTarget(row) : null;
      const checked =
        provisional && target ? this.deps.checks.annotate(target, provisional, { record: false }) : null;
      // The board moves on what the delivery says; the refresh from GitHub that follows confirms it and reacts.
      if (provisional)
        this.deps.sessions.update(
          row.id,
          { pr: checked?.pr ?? provisional, prConfirmedAt: now },
          { event: 'pr.updated' },
        );
      else this.deps.sessions.update(row.id, { prConfirmedAt: now });
      if (target && checked?.todo.length) todos.push(this.carryOut(target, checked.todo));
    }
    await Promise.all(todos);
    // A new outcome on the default branch may end (or start) a broken base: failing PRs are looked at again.
    const again = onDefault
      ? this.sessionsOf(fact.repo).filter(
          (r) => !matched.includes(r) && (r.pr as PullRequest | null)?.ci === 'failing',
        )
      : [];
    await Promise.all([...matched, ...again].map((row) => this.refresh(row.id, REVIEW_KINDS.has(fact.kind))));
    return matched.map((r) => r.id);
  }

  /** Polls what webhooks did not confirm within the project's poll interval; starts sessions for labelled issues. */
  async reconcile(): Promise<void> {
    const now = Date.now();
    for (const row of this.deps.sessions.rows()) {
      if (!ACTIVE.has(row.status as never)) continue;
      let interval: number;
      try {
        const project = this.deps.projects.get(row.projectId);
        if (!project.config.project.repo) continue;
        interval = project.config.github.pollIntervalSec * 1000;
      } catch {
        continue; // broken config: reported on the project
      }
      const confirmed = row.prConfirmedAt ? Date.parse(row.prConfirmedAt) : 0;
      if (now - confirmed >= interval && now - (this.lastPoll.get(row.id) ?? 0) >= interval) {
        this.lastPoll.set(row.id, now);
        await this.refresh(row.id);
      }
    }
    const retention = this.deps.projects.loadedAll().map((p) => p.config.checks.retentionDays);
    this.deps.checks.prune(retention.length ? Math.max(...retention) : 90);
    for (const project of this.deps.projects.list()) {
      if (project.error) continue;
      await this.pickup
        .run(project.id)
        .catch((err: Error) =>
          this.deps.logger.warn({ project: project.id, err: err.message }, 'auto pickup failed'),
        );
    }
  }

  /**
   * Re-reads a session's PR, opens one if configured, finishes merged/closed ones, then reacts. The PR's checks are
   * read once; the failure details (job logs) are fetched only when the reaction would send them to the agent, so a
   * failure already sent or escalated costs only conditional requests (304s) per poll.
   */
  refresh(sessionId: string, freshReviews = false): Promise<void> {
    const { sessions, projects, reactions } = this.deps;
    return this.queue(sessionId, async () => {
      let target: PolicyTarget | null = null;
      let todo: PolicyTodo[] = [];
      const change = await syncPr(sessions, projects, sessionId, freshReviews, (row, read) => {
        target = this.checksTarget(row);
        if (!target) return read;
        const checked = this.deps.checks.annotate(target, read);
        todo = checked.todo;
        return checked.pr;
      });
      if (!change) return;
      if (target && todo.length && change.next && (await this.carryOut(target, todo))) {
        // A re-run was refused: the failure goes to the agent after all.
        const again = this.deps.checks.annotate(target, change.next).pr;
        sessions.update(sessionId, { pr: again }, { event: 'pr.updated' });
        change.next = again;
      }
      const pr = change.next ?? (await maybeOpenPr(sessions, projects, change.session, this.deps.logger));
      if (!pr) return void (await reactions.react(sessionId));
      if (pr.state === 'merged' || pr.state === 'closed') {
        await sessions.finish(sessionId, pr.state === 'merged' ? 'PR merged' : 'PR closed');
        return;
      }
      const found = projects.scmOf(change.session.projectId);
      const wanted =
        pr.ci === 'failing' && found !== null && (await reactions.wantsFailureDetails(sessionId));
      const failedChecks = wanted && found ? await found.scm.failedCheckDetails(found.repo, pr) : undefined;
      const reviewBodies = found ? await found.scm.reviewBodies(found.repo, pr.number) : undefined;
      if (reviewBodies) this.deps.onReviews?.(sessionId, reviewBodies, pr.headSha);
      const reviewComments: ReviewCommentDetail[] = pr.unresolvedThreads.map((t) => ({
        ...t,
        id: t.url ?? undefined,
      }));
      await reactions.react(sessionId, { failedChecks, reviewComments, reviewBodies });
    });
  }

  /** Keeps the outcome a check or status delivery tells; true when it was a new one on the default branch. */
  private recordOutcome(fact: WebhookFact): boolean {
    if ((fact.kind !== 'check' && fact.kind !== 'status') || !fact.repo) return false;
    const project = this.projectsOf(fact.repo)[0];
    if (!project) return false; // not a repository of ours
    try {
      const defaultBranch = this.deps.projects.get(project.id).config.project.defaultBranch;
      return this.deps.checks.recordFact(fact, defaultBranch);
    } catch {
      return false; // broken config: reported on the project
    }
  }

  /** What the checks policy needs about a session: its project, repository and branch (null without a repository). */
  private checksTarget(row: SessionRow): PolicyTarget | null {
    try {
      const project = this.deps.projects.get(row.projectId);
      const repo = project.config.project.repo;
      return repo ? { project, repo, sessionId: row.id, branch: row.branch } : null;
    } catch {
      return null;
    }
  }

  private async carryOut(target: PolicyTarget, todo: PolicyTodo[]): Promise<boolean> {
    const found = this.deps.projects.scmOf(target.project.id);
    return found ? this.deps.checks.carryOut(target, found.scm, todo) : false;
  }

  private queue(sessionId: string, fn: () => Promise<void>): Promise<void> {
    if (!this.running) return Promise.resolve();
    const prev = this.busy.get(sessionId) ?? Promise.resolve();
    const next = prev
      .then(fn)
      .catch((err: Error) =>
        this.deps.logger.error({ sessionId, err: err.message }, 'GitHub refresh failed'),
      );
    this.busy.set(sessionId, next);
    void next.finally(() => {
      if (this.busy.get(sessionId) === next) this.busy.delete(sessionId);
    });
    return next;
  }

  private projectsOf(repo: string) {
    return this.deps.projects.list().filter((p) => !p.error && p.repo?.toLowerCase() === repo.toLowerCase());
  }

  private sessionsOf(repo: string): SessionRow[] {
    const ids = new Set(this.projectsOf(repo).map((p) => p.id));
    return this.deps.sessions.rows().filter((r) => ids.has(r.projectId) && ACTIVE.has(r.status as never));
  }
}

function matches(row: SessionRow, fact: WebhookFact): boolean {
  const pr = row.pr as PullRequest | null;
  if (pr && fact.prNumbers.includes(pr.number)) return true;
  if (fact.branch && fact.branch === row.branch) return true;
  if (fact.branches?.includes(row.branch)) return true;
  return Boolean(pr?.headSha && fact.headSha && pr.headSha === fact.headSha);
}
