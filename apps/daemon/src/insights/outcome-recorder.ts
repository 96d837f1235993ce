import type { AoEvent } from '@ao/shared/events';
import type { ReviewBody } from '@ao/shared/plugin';
import type { Session } from '@ao/shared/session';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/open-db';
import { messages, sessionOutcomes } from '../db/schema';
import { CiCycles } from './ci-cycles';
import { ReviewTracker } from './review-tracker';

type Outcome = typeof sessionOutcomes.$inferSelect;
type Launch = Pick<Outcome, 'lessons' | 'promptTemplate'>;

export interface OutcomeRecorderOptions {
  /** Logins of ao's own GitHub accounts: their comments count as the agent's. */
  agentLogins?: ReadonlySet<string>;
}

/**
 * Keeps `session_outcomes` (and the CI cycles and review items behind it) from the events the daemon publishes: one
 * row per session, written as things happen, so a report is a query (DESIGN.md §12). Every update is idempotent
 * (counts are recomputed from rows), so an event seen twice changes nothing.
 */
export class OutcomeRecorder {
  private readonly ci: CiCycles;
  private readonly reviewItems: ReviewTracker;
  /** What a session was launched with, kept until its row exists (the row is made from its first event). */
  private readonly pendingLaunch = new Map<string, Launch>();

  constructor(
    private readonly db: Db,
    opts: OutcomeRecorderOptions = {},
  ) {
    this.ci = new CiCycles(db);
    this.reviewItems = new ReviewTracker(db, opts.agentLogins);
  }

  onEvent(event: AoEvent): void {
    const at = event.at;
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
      case 'session.activity':
        this.session(event.data.session, at);
        break;
      case 'session.status_changed':
        this.session(event.data.session, at);
        this.ended(event.data.session, at);
        break;
      case 'pr.updated':
        this.session(event.data.session, at);
        this.pr(event.data.session, at);
        break;
      case 'checks.classified':
        this.classified(event.data.sessionId, event.data.sha, event.data.class === 'flaky', at);
        break;
      case 'reaction.escalated':
        this.escalated(event.data.sessionId, at);
        break;
      case 'session.message':
        if (event.data.message.kind === 'message') this.countMessages(event.data.sessionId, at);
        break;
      default:
        break;
    }
  }

  /** Reviews' own words read with a PR refresh (the GitHub loop hands them over: no event carries them). */
  onReviews(sessionId: string, bodies: readonly ReviewBody[], head: string | null): void {
    const at = new Date().toISOString();
    this.reviewItems.reviews(sessionId, bodies, head, at);
    this.reviewCounts(sessionId, at);
  }

  /** Brings every session's row up to date with its current state (at boot: events missed while publishing). */
  sync(sessions: readonly Session[]): void {
    const at = new Date().toISOString();
    for (const s of sessions) {
      this.session(s, at);
      if (s.pr) this.pr(s, at);
      this.ended(s, at);
    }
  }

  /** The lessons (ids) and prompt template a session was started with (`insights/lessons`). */
  launched(sessionId: string, launch: Launch): void {
    if (!this.get(sessionId)) {
      this.pendingLaunch.set(sessionId, launch);
      return;
    }
    this.patch(sessionId, launch, new Date().toISOString());
  }

  get(sessionId: string): Outcome | undefined {
    return this.db.select().from(sessionOutcomes).where(eq(sessionOutcomes.sessionId, sessionId)).get();
  }

  private session(s: Session, at: string): void {
    const existing = this.get(s.id);
    const model = s.usage.model;
    const models = existing?.models ?? [];
    const nextModels = model && !models.includes(model) ? [...models, model] : models;
    const usage = { tokensIn: s.usage.tokensIn, tokensOut: s.usage.tokensOut, costUsd: s.usage.costUsd };
    if (!existing) {
      this.db
        .insert(sessionOutcomes)
        .values({
          sessionId: s.id,
          projectId: s.project,
          task: s.issue ? `issue:${s.issue.key ?? s.issue.number}` : 'prompt',
          title: s.title,
          branch: s.branch,
          agent: s.agent,
          models: nextModels,
          ...usage,
          startedAt: s.createdAt,
          updatedAt: at,
          ...this.pendingLaunch.get(s.id),
        })
        .onConflictDoNothing()
        .run();
      this.pendingLaunch.delete(s.id);
      return;
    }
    const changed =
      nextModels !== models ||
      existing.tokensIn !== usage.tokensIn ||
      existing.tokensOut !== usage.tokensOut ||
      existing.costUsd !== usage.costUsd;
    if (changed) this.patch(s.id, { models: nextModels, ...usage }, at);
  }

  private pr(s: Session, at: string): void {
    const pr = s.pr;
    const row = this.get(s.id);
    if (!pr || !row) return;
    const head = pr.headSha;
    const patch: Partial<typeof sessionOutcomes.$inferInsert> = {};
    if (!row.firstPrAt || row.prNumber !== pr.number) {
      patch.firstPrAt = row.firstPrAt ?? at;
      patch.prNumber = pr.number;
    }
    if (head && (head !== row.lastHead || pr.ci !== row.lastCi)) {
      if (pr.ci === 'failing') {
        const failing = pr.checks.filter((c) => isFailure(c.conclusion));
        const classes = failing.map((c) => c.verdict?.class).filter(Boolean);
        const flaky = classes.length ? classes.includes('flaky') : null;
        this.ci.failed(
          s.id,
          head,
          failing.map((c) => c.name),
          flaky,
          at,
        );
      } else if (pr.ci === 'passing') {
        this.ci.passed(s.id, head, at);
        patch.ciSuccesses = row.ciSuccesses + 1;
      }
      const c = this.ci.countsOf(s.id);
      Object.assign(patch, { ciFailures: c.failures, ciFixCycles: c.fixes, ciFlakyCycles: c.flaky });
      patch.lastHead = head;
      patch.lastCi = pr.ci;
    }
    if (pr.state === 'merged' && !row.mergedAt) patch.mergedAt = at;
    this.reviewItems.threads(s.id, pr, at);
    if (Object.keys(patch).length) this.patch(s.id, patch, at);
    this.reviewCounts(s.id, at);
  }

  private classified(sessionId: string, head: string, flaky: boolean, at: string): void {
    this.ci.classified(sessionId, head, flaky);
    if (!this.get(sessionId)) return;
    this.patch(sessionId, { ciFlakyCycles: this.ci.countsOf(sessionId).flaky }, at);
  }

  private ended(s: Session, at: string): void {
    const end = endStateOf(s);
    const row = this.get(s.id);
    if (!end || !row || row.endState) return;
    this.reviewItems.ended(s.id);
    this.patch(
      s.id,
      { endState: end, endedAt: at, ...(end === 'merged' && !row.mergedAt ? { mergedAt: at } : {}) },
      at,
    );
  }

  private reviewCounts(sessionId: string, at: string): void {
    const r = this.reviewItems.countsOf(sessionId);
    const row = this.get(sessionId);
    if (!row) return;
    if (
      row.reviewRounds !== r.reviews ||
      row.commentsHuman !== r.human ||
      row.commentsBot !== r.bot ||
      row.commentsAgent !== r.agent
    )
      this.patch(
        sessionId,
        { reviewRounds: r.reviews, commentsHuman: r.human, commentsBot: r.bot, commentsAgent: r.agent },
        at,
      );
  }

  private escalated(sessionId: string, at: string): void {
    const row = this.get(sessionId);
    if (row) this.patch(sessionId, { escalations: row.escalations + 1 }, at);
  }

  private countMessages(sessionId: string, at: string): void {
    const n = this.db
      .select({ n: sql<number>`count(*)` })
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.kind, 'message')))
      .get()?.n;
    this.patch(sessionId, { humanMessages: n ?? 0 }, at);
  }

  private patch(sessionId: string, patch: Partial<typeof sessionOutcomes.$inferInsert>, at: string): void {
    this.db
      .update(sessionOutcomes)
      .set({ ...patch, updatedAt: at })
      .where(eq(sessionOutcomes.sessionId, sessionId))
      .run();
  }
}

const isFailure = (conclusion: string | null) =>
  conclusion !== null &&
  ['failure', 'timed_out', 'cancelled', 'action_required', 'error'].includes(conclusion);

/** How a session ended, or null while it can still go on (exited and lost sessions can be restored). */
export function endStateOf(s: Pick<Session, 'status' | 'pr'>): Outcome['endState'] {
  if (s.status === 'killed') return 'killed';
  if (s.status === 'failed') return 'abandoned';
  if (s.status !== 'done') return null;
  if (s.pr?.state === 'merged') return 'merged';
  if (s.pr?.state === 'closed') return 'closed';
  return 'abandoned';
}
