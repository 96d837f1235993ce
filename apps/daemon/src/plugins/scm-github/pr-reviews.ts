import type { ReviewBody } from '@ao/shared/plugin';
import type { PullRequest } from '@ao/shared/session';

/**
 * One GraphQL query for what REST cannot give cheaply: the review decision, the review threads, and the words of the
 * latest reviews that request changes or comment.
 */
export const PR_REVIEWS_QUERY = `query aoPrReviews($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      author { __typename login }
      reviewDecision
      latestReviews(first: 50) { nodes { state author { login } } }
      reviews(last: 30, states: [CHANGES_REQUESTED, COMMENTED]) { nodes { id state body url author { __typename login } } }
      reviewThreads(first: 100) {
        nodes {
          isResolved
          path
          line
          originalLine
          comments(first: 20) { nodes { author { __typename login } body url } }
        }
      }
    }
  }
}`;

/** `__typename` tells a GitHub App (`Bot`), whose GraphQL login lacks REST's `[bot]` suffix. */
type Author = { login: string; __typename?: string } | null;

export interface PrReviewsData {
  repository: {
    pullRequest: {
      author?: Author;
      reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
      latestReviews: { nodes: Array<{ state: string; author: { login: string } | null }> };
      reviews?: {
        nodes: Array<{
          id: string;
          state: string;
          body: string | null;
          url: string | null;
          author: Author;
        }>;
      };
      reviewThreads: {
        nodes: Array<{
          isResolved: boolean;
          path: string | null;
          line: number | null;
          originalLine: number | null;
          comments: { nodes: Array<{ author: Author; body: string; url: string }> };
        }>;
      };
    } | null;
  } | null;
}

/** Longest body kept per thread (the first comment and its replies), and per review. */
const MAX_THREAD_BODY = 4000;

/** A login as REST spells it: an App's with `[bot]`, so it is told apart from a person's (see util/author-kind). */
const loginOf = (a: Author | undefined): string =>
  !a ? 'ghost' : a.__typename === 'Bot' && !a.login.endsWith('[bot]') ? `${a.login}[bot]` : a.login;

const clipBody = (body: string) =>
  body.length > MAX_THREAD_BODY ? `${body.slice(0, MAX_THREAD_BODY)}…` : body;

/**
 * GitHub's reviewDecision is null when branch protection requires no review: then the latest reviews decide, and
 * pending review requests mean review_required.
 */
export function reviewDecisionOf(data: PrReviewsData, requested: number): PullRequest['reviewDecision'] {
  const pr = data.repository?.pullRequest;
  switch (pr?.reviewDecision) {
    case 'APPROVED':
      return 'approved';
    case 'CHANGES_REQUESTED':
      return 'changes_requested';
    case 'REVIEW_REQUIRED':
      return 'review_required';
    default: {
      const states = (pr?.latestReviews.nodes ?? []).map((r) => r.state);
      if (states.includes('CHANGES_REQUESTED')) return 'changes_requested';
      if (states.includes('APPROVED')) return 'approved';
      return requested > 0 ? 'review_required' : 'none';
    }
  }
}

/** Unresolved threads only; the body is the first comment, followed by the replies. */
export function unresolvedThreadsOf(data: PrReviewsData): PullRequest['unresolvedThreads'] {
  const threads = data.repository?.pullRequest?.reviewThreads.nodes ?? [];
  return threads
    .filter((t) => !t.isResolved)
    .map((t) => {
      const [first, ...replies] = t.comments.nodes;
      let body = first?.body ?? '';
      for (const r of replies) body += `\n\n> ${loginOf(r.author)}: ${r.body}`;
      body = clipBody(body);
      return {
        path: t.path,
        line: t.line ?? t.originalLine,
        author: loginOf(first?.author),
        body,
        url: first?.url ?? null,
      };
    });
}

const BODY_STATES: Record<string, ReviewBody['state']> = {
  CHANGES_REQUESTED: 'changes_requested',
  COMMENTED: 'commented',
};

/**
 * The words of reviews that request changes or comment, by others than the PR's author (bots too: their reviews are
 * the point), oldest first. Empty bodies are left out: a reply in a thread is a COMMENTED review without one.
 */
export function reviewBodiesOf(data: PrReviewsData): ReviewBody[] {
  const pr = data.repository?.pullRequest;
  const self = pr?.author ? loginOf(pr.author) : undefined;
  const out: ReviewBody[] = [];
  for (const r of pr?.reviews?.nodes ?? []) {
    const state = BODY_STATES[r.state];
    const author = loginOf(r.author);
    const body = (r.body ?? '').trim();
    if (!state || !body || (self !== undefined && author === self)) continue;
    out.push({ id: r.id, author, state, body: clipBody(body), url: r.url });
  }
  return out;
}
