import { createHash } from 'node:crypto';

/** In-memory state of the fake GitHub. Tests create it through the helpers and may mutate the objects directly. */

export interface FakeComment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  author: string;
  labels: string[];
  /** Logins of the assignees (none: unassigned). */
  assignees?: string[];
  comments: FakeComment[];
  createdAt: string;
  updatedAt: string;
}

export type MergeableState =
  | 'clean'
  | 'dirty'
  | 'blocked'
  | 'unstable'
  | 'behind'
  | 'unknown'
  | 'draft'
  | 'has_hooks';

export interface FakePull {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergeCommitSha: string | null;
  draft: boolean;
  author: string;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  /** GitHub answers null while it computes mergeability. */
  mergeable: boolean | null;
  mergeableState: MergeableState;
  requestedReviewers: string[];
  requestedTeams: string[];
  labels: string[];
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  /** Overrides the GraphQL reviewDecision derived from reviews (null = no review required). */
  reviewDecision?: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required'
  | 'stale'
  | null;

export interface FakeCheckRun {
  /** For GitHub Actions, the check run id is the job id (its logs are at /actions/jobs/{id}/logs). */
  id: number;
  name: string;
  headSha: string;
  status: CheckStatus;
  conclusion: CheckConclusion;
  /** App slug: 'github-actions' for Actions jobs. */
  app: string;
  /** The Actions workflow run the job belongs to (absent: a run of its own, id = the job's id). */
  runId?: number;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  startedAt: string;
  completedAt: string | null;
}

export interface FakeStatus {
  id: number;
  sha: string;
  context: string;
  state: 'pending' | 'success' | 'failure' | 'error';
  targetUrl: string | null;
  description: string | null;
  createdAt: string;
}

export interface FakeReview {
  id: number;
  pull: number;
  author: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  body: string;
  commitId: string;
  submittedAt: string;
}

export interface FakeThreadComment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
}

export interface FakeThread {
  id: number;
  pull: number;
  path: string;
  line: number | null;
  isResolved: boolean;
  isOutdated: boolean;
  comments: FakeThreadComment[];
}

export interface FakeRepo {
  owner: string;
  name: string;
  id: number;
  defaultBranch: string;
  /** Whether branch protection requires a review (drives GraphQL reviewDecision when no review decides). */
  requiresReview: boolean;
  issues: Map<number, FakeIssue>;
  pulls: Map<number, FakePull>;
  checkRuns: FakeCheckRun[];
  statuses: FakeStatus[];
  /** Actions job logs by job id (= check run id). */
  jobLogs: Map<number, string>;
  reviews: FakeReview[];
  threads: FakeThread[];
  /** Branch tips (the default branch's included), so checks can be listed by branch name. */
  branches: Map<string, string>;
  /** Conclusions the next re-runs of a check (by name) finish with, in order; `success` when none is left. */
  rerunScript: Map<string, CheckConclusion[]>;
  /** Every re-run asked for (rerun-failed-jobs, check suite re-request). */
  reruns: Array<{ via: 'workflow_run' | 'check_suite'; id: number; created: number[]; at: string }>;
  /** A bare git repository backing this one: PR heads, mergeability and merges are real (see git-backing.ts). */
  gitDir?: string;
}

let idCounter = 1000;
/** A process-wide increasing id, like GitHub's database ids. */
export function nextId(): number {
  idCounter += 1;
  return idCounter;
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A 40-hex sha derived from any seed text. */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function newRepo(
  fullName: string,
  opts: { defaultBranch?: string; requiresReview?: boolean; gitDir?: string } = {},
): FakeRepo {
  const [owner, name] = fullName.split('/');
  if (!owner || !name) throw new Error(`repo must be owner/name, got ${fullName}`);
  return {
    owner,
    name,
    id: nextId(),
    defaultBranch: opts.defaultBranch ?? 'main',
    requiresReview: opts.requiresReview ?? true,
    issues: new Map(),
    pulls: new Map(),
    checkRuns: [],
    statuses: [],
    jobLogs: new Map(),
    reviews: [],
    threads: [],
    branches: new Map(),
    rerunScript: new Map(),
    reruns: [],
    ...(opts.gitDir ? { gitDir: opts.gitDir } : {}),
  };
}

/** Issues and pull requests share one number sequence, as on GitHub. */
export function nextNumber(repo: FakeRepo): number {
  let max = 0;
  for (const n of repo.issues.keys()) max = Math.max(max, n);
  for (const n of repo.pulls.keys()) max = Math.max(max, n);
  return max + 1;
}

/** Latest review per author, ignoring comments-only reviews (as GitHub's reviewDecision does). */
export function deriveReviewDecision(repo: FakeRepo, pull: FakePull): FakePull['reviewDecision'] {
  if (pull.reviewDecision !== undefined) return pull.reviewDecision;
  // Like GitHub: null when branch protection requires no review.
  if (!repo.requiresReview) return null;
  const latest = new Map<string, FakeReview['state']>();
  for (const r of repo.reviews) {
    if (r.pull !== pull.number) continue;
    if (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED' || r.state === 'DISMISSED') {
      latest.set(r.author, r.state);
    }
  }
  const states = [...latest.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  if (states.includes('APPROVED')) return 'APPROVED';
  return 'REVIEW_REQUIRED';
}

/** The workflow run of an Actions job: its own `runId`, else `job id + 1` (as `renderCheckRun` links it). */
export const runIdOf = (run: { id: number; runId?: number }): number => run.runId ?? run.id + 1;
