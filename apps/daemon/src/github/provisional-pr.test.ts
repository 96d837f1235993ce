import type { PullRequest } from '@ao/shared/session';
import { describe, expect, it } from 'vitest';
import type { WebhookFact } from '../webhooks';
import { provisionalPr } from './provisional-pr';

const pr: PullRequest = {
  number: 7,
  url: 'https://github.com/acme/demo/pull/7',
  title: 't',
  state: 'open',
  draft: false,
  headSha: 'abc',
  ci: 'pending',
  checks: [
    { name: 'test', status: 'in_progress', conclusion: null, url: 'https://ci/test' },
    { name: 'lint', status: 'completed', conclusion: 'success', url: null },
  ],
  reviewDecision: 'none',
  reviewersRequested: 0,
  unresolvedThreads: [],
  mergeable: 'mergeable',
};
const fact = (over: Partial<WebhookFact>): WebhookFact =>
  ({
    deliveryId: 'd',
    event: 'check_run',
    action: 'completed',
    kind: 'check',
    repo: 'acme/demo',
    prNumbers: [7],
    ...over,
  }) as WebhookFact;

describe('provisionalPr', () => {
  it('applies a finished check run to the stored PR and rolls CI up', () => {
    const next = provisionalPr(
      pr,
      fact({ checkName: 'test', headSha: 'abc', checkStatus: 'completed', conclusion: 'failure' }),
    );
    expect(next?.ci).toBe('failing');
    expect(next?.checks.find((c) => c.name === 'test')).toEqual({
      name: 'test',
      status: 'completed',
      conclusion: 'failure',
      url: 'https://ci/test',
    });
  });

  it('adds a check it did not know, from a commit status', () => {
    const next = provisionalPr(
      pr,
      fact({
        kind: 'status',
        event: 'status',
        checkName: 'deploy',
        headSha: 'abc',
        checkStatus: 'pending',
        conclusion: null,
      }),
    );
    expect(next?.checks).toHaveLength(3);
    expect(next?.ci).toBe('pending');
  });

  it('ignores deliveries about another commit, or without a single check', () => {
    expect(
      provisionalPr(pr, fact({ checkName: 'test', headSha: 'old', checkStatus: 'completed' })),
    ).toBeNull();
    expect(provisionalPr(pr, fact({ headSha: 'abc' }))).toBeNull();
    expect(
      provisionalPr(pr, fact({ kind: 'review', checkName: 'x', headSha: 'abc', checkStatus: 'completed' })),
    ).toBeNull();
  });
});
