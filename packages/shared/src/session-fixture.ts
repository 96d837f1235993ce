import type { PullRequest, Session } from './session';

/** A complete, valid session for unit tests; override what the test is about. */
export function makeSession(over: Partial<Session> = {}): Session {
  return {
    id: 'demo-1',
    kind: 'worker',
    project: 'demo',
    status: 'running',
    activity: 'working',
    lane: 'working',
    statusReason: null,
    evidence: null,
    branch: 'ao/demo-1',
    baseBranch: 'main',
    worktreePath: '/tmp/wt/demo-1',
    agent: 'generic',
    runtime: 'tmux',
    workspace: 'worktree',
    prompt: 'Fix the flaky login test\nand more',
    title: '',
    issue: null,
    pr: null,
    agentSessionId: null,
    usage: { model: null, tokensIn: 0, tokensOut: 0, costUsd: 0 },
    escalated: false,
    exit: null,
    queuedMessages: 0,
    conflicts: [],
    blockedBy: [],
    blocks: [],
    createdAt: '2026-01-02T10:00:00.000Z',
    updatedAt: '2026-01-02T10:00:00.000Z',
    lastActivityAt: null,
    ...over,
  };
}

/** A complete, valid open PR for unit tests (approved, green, mergeable); override what the test is about. */
export function makePr(number: number, over: Partial<PullRequest> = {}): PullRequest {
  return {
    number,
    url: `https://github.com/acme/x/pull/${number}`,
    title: `PR ${number}`,
    state: 'open',
    draft: false,
    headSha: 'a'.repeat(40),
    ci: 'passing',
    checks: [],
    reviewDecision: 'approved',
    reviewersRequested: 0,
    unresolvedThreads: [],
    mergeable: 'mergeable',
    ...over,
  };
}
