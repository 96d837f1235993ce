import type { PullRequest } from '@ao/shared/session';

/** One GraphQL query for what REST cannot give cheaply: the review decision and the review threads. */
export const PR_REVIEWS_QUERY = `query aoPrReviews($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewDecision
      latestReviews(first: 50) { nodes { state author { login } } }
      reviewThreads(first: 100) {
        nodes {
          isResolved
          path
          line
          originalLine
          comments(first: 20) { nodes { author { login } body url } }
        }
      }
    }
  }
}`;

export interface PrReviewsData {
  repository: {
    pullRequest: {
      reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
      latestReviews: { nodes: Array<{ state: string; author: { login: string } | null }> };
      reviewThreads: {
        nodes: Array<{
          isResolved: boolean;
          path: string | null;
          line: number | null;
          originalLine: number | null;
          comments: { nodes: Array<{ author: { login: string } | null; body: string; url: string }> };
        }>;
      };
    } | null;
  } | null;
}

/** Longest body kept per thread (the first comment and its replies). */
const MAX_THREAD_BODY = 4000;

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
      for (const r of replies) body += `\n\n> ${r.author?.login ?? 'ghost'}: ${r.body}`;
      if (body.length > MAX_THREAD_BODY) body = `${body.slice(0, MAX_THREAD_BODY)}…`;
      return {
        path: t.path,
        line: t.line ?? t.originalLine,
        author: first?.author?.login ?? 'ghost',
        body,
        url: first?.url ?? null,
      };
    });
}
