import type { Priority, ReactionKind } from '@ao/shared/config-reactions';
import type { FailedCheckDetail, Notification, ReviewBody } from '@ao/shared/plugin';
import type { Activity, PullRequest, Session } from '@ao/shared/session';

/**
 * One durable reaction incident: a (session, kind, key) where key is the PR head sha (PR kinds), the activity episode
 * start (agent kinds) or a digest of the finished sessions (all_complete). Budgets span the unresolved incidents of a
 * session and kind, so a new commit does not reset them, and neither does a flapping check.
 */
export interface Incident {
  sessionId: string;
  kind: ReactionKind;
  key: string;
  /** Times something was sent for this incident (to the agent, a notification, a merge). */
  attempts: number;
  firstFiredAt: string | null;
  lastFiredAt: string | null;
  escalated: boolean;
  escalatedAt: string | null;
  /** Set when the condition cleared (CI passed, approved, agent working again); reopened if it comes back. */
  resolvedAt: string | null;
  /** Fingerprints of items already sent (failed checks, review comments): never sent twice. */
  sent: string[];
}

/** Storage for incidents; synchronous so the daemon can run `evaluate` inside one SQLite transaction. */
export interface IncidentStore {
  list(sessionId: string, kind: ReactionKind): Incident[];
  put(incident: Incident): void;
}

export interface ReviewCommentDetail {
  /** GitHub comment id or thread id; the dedupe fingerprint when present. */
  id?: string | number;
  path: string | null;
  line: number | null;
  author: string;
  body: string;
  url: string | null;
}

/** What the Scm told beyond the PR summary, to put in the agent's message. */
export interface ReactionDetails {
  /** `Scm.failedCheckDetails()` for the PR head. */
  failedChecks?: FailedCheckDetail[];
  /** Unresolved review comments with ids (falls back to `pr.unresolvedThreads`). */
  reviewComments?: ReviewCommentDetail[];
  /** `Scm.reviewBodies()`: the words of reviews that request changes or comment, each sent once. */
  reviewBodies?: ReviewBody[];
}

export interface ActivityInfo {
  state: Activity;
  /** ISO time the session entered this state: an episode key. */
  since: string;
  detail?: string;
}

export type ReactionSession = Pick<Session, 'id' | 'project' | 'status' | 'title' | 'branch'>;

export interface EvaluateInput {
  session: ReactionSession;
  /** The PR as just refreshed from the Scm (null: no PR yet). */
  pr: PullRequest | null;
  activity: ActivityInfo;
  details?: ReactionDetails;
}

interface ActionBase {
  reaction: ReactionKind;
  sessionId: string;
  /** Incident key (head sha or episode) and its attempt number after this action. */
  key: string;
  attempt: number;
}

export type ReactionAction =
  | (ActionBase & {
      type: 'send_to_agent';
      message: string;
      /** The agent's runtime is gone: restore the session first, then send. */
      restore: boolean;
      fingerprints: string[];
    })
  | (ActionBase & { type: 'notify'; notification: Notification; channels: string[] | null })
  | (ActionBase & {
      type: 'auto_merge';
      prNumber: number;
      /** Merge only if the PR head is still this commit. */
      headSha: string;
      method: 'merge' | 'squash' | 'rebase';
    })
  | (ActionBase & {
      type: 'escalate';
      reason: string;
      notification: Notification & { priority: Priority };
      channels: string[] | null;
    });
