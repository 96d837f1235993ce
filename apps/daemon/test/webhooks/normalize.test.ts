import { example, signedDelivery } from '@ao/testkit';
import { describe, expect, it } from 'vitest';
import { MemoryDeliveryLog, normalize, receiveWebhook, type WebhookFact } from '../../src/webhooks';

const SECRET = 'normalize-secret';

/** Signs, verifies and normalizes like the daemon route does. */
async function factOf(event: string, payload: Record<string, unknown>): Promise<WebhookFact> {
  const r = await receiveWebhook(
    { ...signedDelivery(SECRET, event, payload), secret: SECRET, maxBytes: 5_000_000 },
    new MemoryDeliveryLog(),
  );
  if (!r.ok || r.duplicate) throw new Error(`not accepted: ${JSON.stringify(r)}`);
  return r.fact;
}

function withReviewState(state: string) {
  const p = example('pull_request_review', (x) => x.action === 'submitted');
  (p.review as { state: string }).state = state;
  return p;
}

function failingCheckSuite() {
  const p = example('check_suite', (x) => x.action === 'completed');
  (p.check_suite as { conclusion: string }).conclusion = 'failure';
  return p;
}

function commentOnPr() {
  const p = example('issue_comment', (x) => x.action === 'created');
  (p.issue as Record<string, unknown>).pull_request = {
    url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
    html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
  };
  return p;
}

const SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const REPO = 'Codertocat/Hello-World';

const cases: Array<[string, string, () => Record<string, unknown>, Partial<WebhookFact>]> = [
  [
    'pull_request opened',
    'pull_request',
    () => example('pull_request', (x) => x.action === 'opened'),
    {
      kind: 'pr',
      repo: REPO,
      prNumbers: [2],
      branch: 'changes',
      headSha: SHA,
      prState: 'open',
      action: 'opened',
    },
  ],
  [
    'pull_request closed',
    'pull_request',
    () => example('pull_request', (x) => x.action === 'closed'),
    { kind: 'pr', prNumbers: [2], prState: 'closed' },
  ],
  [
    'pull_request merged (closed with merged: true)',
    'pull_request',
    () => {
      const p = example('pull_request', (x) => x.action === 'closed');
      (p.pull_request as Record<string, unknown>).merged = true;
      return p;
    },
    { kind: 'pr', prState: 'merged' },
  ],
  [
    'review approved',
    'pull_request_review',
    () => withReviewState('approved'),
    { kind: 'review', reviewState: 'approved', prNumbers: [2], branch: 'changes', headSha: SHA },
  ],
  [
    'review changes_requested',
    'pull_request_review',
    () => withReviewState('changes_requested'),
    { kind: 'review', reviewState: 'changes_requested', prNumbers: [2] },
  ],
  [
    'review dismissed',
    'pull_request_review',
    () => example('pull_request_review', (x) => x.action === 'dismissed'),
    { kind: 'review', reviewState: 'dismissed', action: 'dismissed' },
  ],
  [
    'review comment',
    'pull_request_review_comment',
    () => example('pull_request_review_comment', (x) => x.action === 'created'),
    { kind: 'review_comment', prNumbers: [2], commentId: 284312630, branch: 'changes' },
  ],
  [
    'review thread resolved',
    'pull_request_review_thread',
    () => example('pull_request_review_thread', (x) => x.action === 'resolved'),
    { kind: 'review_thread', action: 'resolved' },
  ],
  [
    'issue_comment on a PR',
    'issue_comment',
    commentOnPr,
    { kind: 'issue_comment', repo: REPO, prNumbers: [1], issueNumber: 1 },
  ],
  [
    'issue_comment on an issue',
    'issue_comment',
    () => example('issue_comment', (x) => x.action === 'created'),
    { kind: 'issue', prNumbers: [], issueNumber: 1 },
  ],
  [
    'check_run failed',
    'check_run',
    () => example('check_run', (x) => (x.check_run as { conclusion: string }).conclusion === 'failure'),
    {
      kind: 'check',
      repo: REPO,
      prNumbers: [2],
      checkStatus: 'completed',
      conclusion: 'failure',
      branch: 'changes',
      checkId: expect.any(Number),
      durationMs: expect.any(Number),
    },
  ],
  [
    'check_run queued',
    'check_run',
    () => example('check_run', (x) => x.action === 'created'),
    { kind: 'check', checkStatus: 'queued', conclusion: null },
  ],
  [
    'check_suite failed',
    'check_suite',
    failingCheckSuite,
    { kind: 'check', prNumbers: [2], conclusion: 'failure', checkStatus: 'completed', branch: 'changes' },
  ],
  [
    'check_suite requested (no PRs)',
    'check_suite',
    () => example('check_suite', (x) => x.action === 'requested'),
    { kind: 'check', prNumbers: [], branch: 'master', conclusion: null },
  ],
  [
    'workflow_run completed',
    'workflow_run',
    () => example('workflow_run', (x) => x.action === 'completed'),
    {
      kind: 'check',
      prNumbers: [],
      branch: 'main',
      action: 'completed',
      checkName: 'Manually triggered workflow',
    },
  ],
  [
    'status success',
    'status',
    () => example('status'),
    {
      kind: 'status',
      headSha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      branches: ['master', 'changes', 'gh-pages'],
      checkName: 'default',
      conclusion: 'success',
      prNumbers: [],
    },
  ],
  [
    'push to a branch',
    'push',
    () => example('push', (x) => x.ref === 'refs/heads/master'),
    { kind: 'push', branch: 'master', headSha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', deleted: false },
  ],
  [
    'push deleting a branch',
    'push',
    () => {
      const p = example('push', (x) => x.deleted === true);
      p.ref = 'refs/heads/ao/fix-1';
      return p;
    },
    { kind: 'push', branch: 'ao/fix-1', deleted: true },
  ],
  [
    'push of a tag',
    'push',
    () => example('push', (x) => x.ref === 'refs/tags/simple-tag'),
    { kind: 'ignored', reason: 'push of a tag' },
  ],
  [
    'issues opened',
    'issues',
    () => example('issues', (x) => x.action === 'opened'),
    { kind: 'issue', prNumbers: [] },
  ],
  ['ping', 'ping', () => example('ping'), { kind: 'ping', repo: 'Octocoders/Hello-World' }],
  [
    'ping for an organization',
    'ping',
    () => example('ping', (x) => !x.repository),
    { kind: 'ping', repo: null },
  ],
  [
    'unknown event (star)',
    'star',
    () => example('star'),
    { kind: 'ignored', reason: 'event not used by ao' },
  ],
];

describe('normalize', () => {
  it.each(cases)('%s', async (_name, event, payload, expected) => {
    const fact = await factOf(event, payload());
    expect(fact).toMatchObject({ event, ...expected });
    expect(Array.isArray(fact.prNumbers)).toBe(true);
  });

  it('gives every PR-scoped event its PR number', async () => {
    for (const [, event, payload, expected] of cases) {
      const fact = await factOf(event, payload());
      if (
        ['pr', 'review', 'review_comment', 'review_thread', 'issue_comment'].includes(String(expected.kind))
      ) {
        expect(fact.prNumbers.length, event).toBe(1);
      }
    }
  });

  it('ignores a signed payload that lacks the fields it needs', () => {
    const fact = normalize({
      id: 'x',
      event: 'pull_request',
      action: 'opened',
      payload: { action: 'opened' },
    });
    expect(fact).toMatchObject({ kind: 'ignored', prNumbers: [] });
    expect(fact.reason).toMatch(/unexpected payload/);
  });

  it('does not look up event names on the prototype', () => {
    for (const event of ['constructor', 'to_string', '__proto__']) {
      expect(normalize({ id: 'x', event, action: null, payload: {} }).kind).toBe('ignored');
    }
  });
});
