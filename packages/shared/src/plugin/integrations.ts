/** The tracker, notifier and scm slots: issues, notifications and pull requests. */
import type { PullRequest } from '../session';
import type { IssueTarget, SyncOutcome, TrackerSync } from './tracker-sync';

/** An issue's id as a user gives it: a number (GitHub; or the number of a key in the configured team/project) or a
 *  tracker key (`ENG-42` for Linear, `PROJ-7` for Jira). */
export type IssueId = number | string;

export interface TrackerIssue {
  /** GitHub's issue number, or the number part of the tracker's key (`42` of `ENG-42`). */
  number: number;
  /** The tracker's key (`ENG-42`), for trackers that have keys; absent for GitHub. */
  key?: string;
  title: string;
  body: string;
  url: string | null;
  labels: string[];
  comments: Array<{ author: string; body: string }>;
}

/** Server-side filters of `listOpen` (auto-pickup's `states` and `assignee`), passed as data to the tracker's query. */
export interface IssueListFilter {
  /** Tracker state names (Linear workflow states, Jira statuses; GitHub: only "open"). */
  states?: string[];
  /** Linear: an email or "me"; Jira: an accountId or "currentUser()"; GitHub: a login, "none" or "*". */
  assignee?: string;
}

export interface Tracker {
  /** One issue with its comments. `repo` is the project's `owner/name` (empty when the project has none). An id this
   *  tracker cannot have is a 400 naming `issue`; an unreachable tracker is a `tracker_unavailable` error. */
  getIssue(repo: string, id: IssueId): Promise<TrackerIssue>;
  /** Open issues, newest first, without their comments; narrowed by `filter` in the tracker's own query. */
  listOpen(repo: string, filter?: IssueListFilter): Promise<TrackerIssue[]>;
  /** The agent's prompt for an issue. */
  promptFor(issue: TrackerIssue): string;
  /** The plugin's `sync` settings (what ao writes back); absent: the tracker writes nothing. */
  readonly sync?: TrackerSync;
  /** Moves the issue to `sync.inProgress` (a label on GitHub, a state on Linear, a transition on Jira). */
  markInProgress?(repo: string, issue: IssueTarget): Promise<SyncOutcome>;
  /** Moves the issue to `sync.done` (GitHub: adds that label, removes the in-progress one, closes with
   *  `closeOnMerge`). */
  markDone?(repo: string, issue: IssueTarget): Promise<SyncOutcome>;
  /** Posts `body` (markdown: ao's own words and links) with `marker` in it, unless a comment of the issue already
   *  carries `marker`: `already` then. The marker is how a comment is recognised after a crash or a restart. */
  comment?(repo: string, issue: IssueTarget, body: string, marker: string): Promise<SyncOutcome>;
}

export type NotificationPriority = 'urgent' | 'action' | 'warning' | 'info';

export interface Notification {
  /** Stable id: the router never sends the same id twice to a channel. */
  id: string;
  priority: NotificationPriority;
  title: string;
  body: string;
  url?: string;
  sessionId?: string;
}

export interface Notifier {
  /** Delivers one notification; rejects when it could not (after the notifier's own bounded retries). */
  send(n: Notification): Promise<void>;
}

/** A failed check on a PR head, with the failing part of its log for the agent. */
export interface FailedCheckDetail {
  name: string;
  url: string | null;
  /** The failing part of the log (or the check's own summary), bounded in size. */
  excerpt: string;
}

/** What `Scm.rerunFailedPrChecks` did: the checks asked to run again, and those it could not re-run. */
export interface PrRerunResult {
  rerun: string[];
  skipped: Array<{ name: string; reason: string }>;
}

/** A submitted review's own words: what the reviewer wrote with the review, apart from its inline comments. */
export interface ReviewBody {
  /** GitHub's id of the review: each is sent to the agent once. */
  id: string;
  author: string;
  state: 'changes_requested' | 'commented';
  /** Bounded in size. */
  body: string;
  url: string | null;
}

/** Which failed check to re-run: its check run id (GitHub finds its workflow run or check suite from it). */
export interface RerunRef {
  checkRunId: number;
}

export interface RerunResult {
  via: 'workflow_run' | 'check_suite';
  /** The workflow run or check suite id re-run. */
  id: number;
}

export interface Scm {
  /** The open (or most recent) PR whose head is `branch`, or null. */
  findPr(repo: string, branch: string): Promise<PullRequest | null>;
  /** Full state: checks (check runs AND commit statuses, every one with its link), ci rollup
   *  ('none'|'pending'|'passing'|'failing': pending until every check on the head commit has finished), review decision,
   *  requested reviewers, unresolved review threads (file, line, author, body, url), mergeability/conflicts. */
  getPr(repo: string, number: number, opts?: { fresh?: boolean }): Promise<PullRequest>;
  createPr(
    repo: string,
    opts: { head: string; base: string; title: string; body: string; draft?: boolean },
  ): Promise<PullRequest>;
  merge(repo: string, number: number, method: 'squash' | 'merge' | 'rebase'): Promise<void>;
  /** For failed checks on the PR head (`pr.headSha`): name, link and the failing part of the log (Actions job logs, the
   *  last ~60 lines around the first error / '##[error]'), bounded in size. Reuses the checks the last `getPr` of this
   *  PR read for that head (no request then), and reads a finished job's log once (it never changes). */
  failedCheckDetails(repo: string, pr: Pick<PullRequest, 'number' | 'headSha'>): Promise<FailedCheckDetail[]>;
  /** The words of the PR's reviews that request changes or comment, by others than the PR's author (bots included),
   *  oldest first, empty ones left out; from the review data the last `getPr` of this PR read (no request then). */
  reviewBodies(repo: string, number: number): Promise<ReviewBody[]>;
  /** Re-runs a failed check: the failed jobs of its workflow run when the check is an Actions job (GitHub:
   *  `POST /actions/runs/{run_id}/rerun-failed-jobs`), else a re-request of its check suite
   *  (`POST /check-suites/{id}/rerequest`). Resolves to what was re-run; rejects when GitHub refused. */
  rerunFailedChecks?(repo: string, ref: RerunRef): Promise<RerunResult>;
  /** Re-runs the failed checks on the PR head that can be re-run (GitHub: the failed jobs of their Actions workflow
   *  runs); the others are listed as skipped with why. Absent: this scm cannot re-run anything. */
  rerunFailedPrChecks?(repo: string, pr: Pick<PullRequest, 'number' | 'headSha'>): Promise<PrRerunResult>;
  /** Requests made so far and how many were 304s (for the rate-limit benchmark). */
  stats(): { requests: number; notModified: number };
}
