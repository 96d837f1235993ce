import type { AoEvent } from '@ao/shared/events';
import type { IssueTarget, Logger, SyncOutcome, Tracker } from '@ao/shared/plugin';
import type { Session } from '@ao/shared/session';
import type { ProjectService } from '../projects/project-service';
import { ACTIVE } from '../sessions/lifecycle';
import type { SessionPort } from '../sessions/port';
import type { TrackerWriteStore, WriteKey } from './write-store';

export interface IssueSyncDeps {
  sessions: SessionPort;
  projects: ProjectService;
  store: TrackerWriteStore;
  logger: Logger;
}

type Kind = 'in_progress' | 'done' | 'comment_pr' | 'comment_escalation';

/** The words ao writes on an issue: its own, with the PR's link and the session's id; never text of the issue, the
 *  agent or a check. */
export const words = {
  pr: (s: Session) => `ao is working on this issue in session ${s.id}; its pull request: ${prLink(s)}`,
  escalation: (s: Session, reaction: string) =>
    `ao needs a person for session ${s.id}: its "${reaction}" reaction escalated (see the session on ao's dashboard${s.pr ? ` or the pull request ${prLink(s)}` : ''}).`,
};

function prLink(s: Session): string {
  const url = s.pr?.url ?? '';
  return /^https?:\/\/[^\s<>()[\]]+$/.test(url) ? url : `#${s.pr?.number ?? '?'}`;
}

/**
 * Two-way sync: writes a session's progress on the issue it works on (in progress when it starts, a comment linking
 * its PR, done when the PR merges, escalations), each write once: recorded in `tracker_writes` after it succeeded,
 * and comments also recognised by their marker on the issue (a crash between the write and the record). Writes run
 * one at a time, off the session's path; a failure is logged and tried again on the next trigger, MAX_ATTEMPTS times.
 */
export class IssueSync {
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: IssueSyncDeps) {}

  onEvent(event: AoEvent): void {
    if (
      event.type === 'session.created' ||
      event.type === 'session.status_changed' ||
      event.type === 'pr.updated'
    ) {
      const id = event.data.session.id;
      this.enqueue(() => this.syncSession(id));
    } else if (event.type === 'reaction.escalated') {
      const { sessionId, reaction } = event.data;
      this.enqueue(() => this.escalated(sessionId, reaction));
    }
  }

  /** Drops the writes still queued (they are done on a later trigger) and waits for the one under way: closing
   *  the daemon waits for one tracker request at most. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** Resolves when the writes under way and queued are over. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  private enqueue(fn: () => Promise<void>): void {
    if (this.stopped) return;
    const run = () => (this.stopped ? undefined : fn());
    this.chain = this.chain.then(run).catch((err: Error) => {
      this.deps.logger.error({ err: err.message }, 'tracker sync failed');
    });
  }

  /** The session's desired writes from where it stands: each done once. */
  async syncSession(id: string): Promise<void> {
    const ctx = this.contextOf(id);
    if (!ctx) return;
    const { s, tracker, repo, issue } = ctx;
    const sync = tracker.sync;
    if (!sync) return;
    const { markDone, markInProgress, comment } = tracker;
    if (s.pr?.state === 'merged') {
      if (markDone) await this.write(ctx, 'done', '-', () => markDone(repo, issue));
    } else if (ACTIVE.has(s.status as never) && markInProgress) {
      await this.write(ctx, 'in_progress', '-', () => markInProgress(repo, issue));
    }
    if (s.pr && sync.commentPr && comment) {
      const text = words.pr(s);
      await this.write(ctx, 'comment_pr', String(s.pr.number), (marker) =>
        comment(repo, issue, text, marker),
      );
    }
  }

  async escalated(id: string, reaction: string): Promise<void> {
    const ctx = this.contextOf(id);
    const comment = ctx?.tracker.comment;
    if (!ctx?.tracker.sync?.commentEscalations || !comment) return;
    const { s, repo, issue } = ctx;
    // One comment per reaction of the session: the same escalation again (a restart, a replay, a PR refreshed in
    // between) would be the same words, and an issue never gets two identical comments.
    const text = words.escalation(s, reaction);
    await this.write(ctx, 'comment_escalation', reaction.slice(0, 60), (marker) =>
      comment(repo, issue, text, marker),
    );
  }

  private contextOf(id: string) {
    const { sessions, projects } = this.deps;
    if (!sessions.find(id)) return null;
    const s = sessions.get(id);
    if (!s.issue) return null;
    let found: { repo: string; tracker: Tracker };
    try {
      found = projects.trackerOf(s.project);
    } catch {
      return null; // no tracker (any more): nothing to write
    }
    const issue: IssueTarget = { number: s.issue.number, ...(s.issue.key ? { key: s.issue.key } : {}) };
    return { s, ...found, issue };
  }

  private async write(
    ctx: { s: Session; issue: IssueTarget },
    kind: Kind,
    target: string,
    fn: (marker: string) => Promise<SyncOutcome>,
  ): Promise<void> {
    const { store, logger } = this.deps;
    const key: WriteKey = {
      sessionId: ctx.s.id,
      issue: ctx.issue.key ?? `#${ctx.issue.number}`,
      kind,
      target,
    };
    if (!store.shouldTry(key)) return;
    try {
      const outcome = await fn(`ao:${key.sessionId}:${kind}:${target}`);
      if (outcome === 'off') return;
      store.recordDone(key);
      logger.info({ ...key, outcome }, 'tracker write');
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      const attempts = store.recordFailure(key, message);
      logger.warn(
        { ...key, attempts, err: message },
        'tracker write failed; tried again on the next trigger',
      );
    }
  }
}
