import type { Check, PullRequest } from '@ao/shared/session';
import { type CheckRunLike, checkFromRun, checkFromStatus, ciRollup, type StatusLike } from './ci-rollup';
import { type GithubClient, splitRepo } from './github-client';
import type { Lru } from './lru';
import { PR_REVIEWS_QUERY, type PrReviewsData, reviewDecisionOf, unresolvedThreadsOf } from './pr-reviews';

/** The REST pull request fields ao reads (`GET /repos/{o}/{r}/pulls/{n}`). */
export interface PullLike {
  number: number;
  html_url: string;
  title: string;
  state: string;
  merged?: boolean;
  merged_at: string | null;
  updated_at?: string;
  draft?: boolean;
  head: { sha: string; ref: string };
  mergeable?: boolean | null;
  mergeable_state?: string;
  requested_reviewers?: unknown[] | null;
  requested_teams?: unknown[] | null;
  labels?: Array<{ name?: string } | string> | null;
}

export interface HeadChecks {
  runs: CheckRunLike[];
  statuses: StatusLike[];
}

/**
 * Check runs (latest per name) and commit statuses (latest per context) on a commit: two conditional GETs
 * (more only when a commit has over 100 check runs).
 */
export async function headChecks(client: GithubClient, repo: string, sha: string): Promise<HeadChecks> {
  const r = splitRepo(repo);
  const listRuns = async (): Promise<CheckRunLike[]> => {
    const runs: CheckRunLike[] = [];
    for (let page = 1; page <= 10; page++) {
      const res = await client.octokit.rest.checks.listForRef({ ...r, ref: sha, per_page: 100, page });
      runs.push(...(res.data.check_runs as CheckRunLike[]));
      if (runs.length >= res.data.total_count || res.data.check_runs.length === 0) break;
    }
    return runs;
  };
  const [runs, status] = await Promise.all([
    listRuns(),
    client.octokit.rest.repos.getCombinedStatusForRef({ ...r, ref: sha, per_page: 100 }),
  ]);
  return { runs, statuses: status.data.statuses as StatusLike[] };
}

export function checksOf(head: HeadChecks): Check[] {
  return [...head.runs.map(checkFromRun), ...head.statuses.map(checkFromStatus)];
}

export function mergeableOf(pull: PullLike): PullRequest['mergeable'] {
  if (pull.mergeable_state === 'dirty' || pull.mergeable === false) return 'conflicting';
  if (pull.mergeable === true) return 'mergeable';
  return 'unknown';
}

export async function getPull(client: GithubClient, repo: string, number: number): Promise<PullLike> {
  const res = await client.octokit.rest.pulls.get({ ...splitRepo(repo), pull_number: number });
  return res.data as PullLike;
}

/** What the last `getPr` of a pull request read, per plugin instance: failure details and review bodies reuse it. */
export interface PrRead {
  headSha: string;
  head: HeadChecks;
  /** When `head` was read (ms). */
  at: number;
  reviews: PrReviewsData;
  /** The pull's `updated_at` when `reviews` were read, and when (ms). */
  reviewsFor: string;
  reviewsAt: number;
}

export type PrReads = Lru<string, PrRead>;

export const prKey = (repo: string, number: number) => `${repo.toLowerCase()}#${number}`;

/**
 * A pull request's full state in 4 requests: the pull (GET, conditional), its head's check runs and combined status
 * (GETs, conditional), and one GraphQL query for the review decision, review threads and review bodies. When nothing
 * changed, the three GETs are 304s, which GitHub does not count against the rate limit. What it read is kept in
 * `reads`.
 */
export async function getPr(
  client: GithubClient,
  reads: PrReads,
  repo: string,
  number: number,
  opts: { fresh?: boolean } = {},
): Promise<PullRequest> {
  const { owner, repo: name } = splitRepo(repo);
  const pull = await getPull(client, repo, number);
  const key = prKey(repo, number);
  const [head, reviews] = await Promise.all([
    headChecks(client, repo, pull.head.sha),
    reviewsOf(client, { owner, name, number }, pull, opts.fresh === true, reads.get(key)),
  ]);
  reads.set(key, { ...reviews, headSha: pull.head.sha, head, at: Date.now() });
  const checks = checksOf(head);
  const requested = (pull.requested_reviewers?.length ?? 0) + (pull.requested_teams?.length ?? 0);
  const merged = pull.merged === true || pull.merged_at !== null;
  return {
    number: pull.number,
    url: pull.html_url,
    title: pull.title,
    state: merged ? 'merged' : pull.state === 'open' ? 'open' : 'closed',
    draft: pull.draft === true,
    headSha: pull.head.sha,
    ci: ciRollup(checks),
    checks,
    reviewDecision: reviewDecisionOf(reviews.reviews, requested),
    reviewersRequested: requested,
    unresolvedThreads: unresolvedThreadsOf(reviews.reviews),
    mergeable: mergeableOf(pull),
    ...labelsOf(pull),
  };
}

/** The PR's label names; absent when it has none (most PRs). */
function labelsOf(pull: PullLike): { labels?: string[] } {
  const labels = (pull.labels ?? [])
    .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
    .filter((name) => name !== '');
  return labels.length ? { labels } : {};
}

/** Review data is re-read only after this long when nothing else says it changed. */
const REVIEWS_MAX_AGE_MS = 10 * 60_000;

/**
 * The GraphQL review query cannot be conditional, so it is the whole counted cost of a poll. It is skipped while the
 * pull's `updated_at` is unchanged (reviews and comments move it), at most REVIEWS_MAX_AGE_MS, unless `fresh` (a
 * review webhook arrived).
 */
async function reviewsOf(
  client: GithubClient,
  vars: { owner: string; name: string; number: number },
  pull: PullLike,
  fresh: boolean,
  last: PrRead | undefined,
): Promise<Pick<PrRead, 'reviews' | 'reviewsFor' | 'reviewsAt'>> {
  if (
    !fresh &&
    last &&
    pull.updated_at &&
    last.reviewsFor === pull.updated_at &&
    Date.now() - last.reviewsAt < REVIEWS_MAX_AGE_MS
  ) {
    return { reviews: last.reviews, reviewsFor: last.reviewsFor, reviewsAt: last.reviewsAt };
  }
  const reviews = await client.graphql<PrReviewsData>(PR_REVIEWS_QUERY, vars);
  return { reviews, reviewsFor: pull.updated_at ?? '', reviewsAt: Date.now() };
}
