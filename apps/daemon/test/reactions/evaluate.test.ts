import { describe, expect, it } from 'vitest';
import type { EvaluateInput, ReactionAction } from '../../src/reactions';
import { evaluate, MemoryIncidentStore } from '../../src/reactions';
import { activity, at, check, config, failing, input, pr, SHA_A, session, T0 } from './fixtures';

type Expect = Array<Partial<ReactionAction> & { contains?: string[] }>;

const THREAD = {
  path: 'src/app.ts',
  line: 42,
  author: 'alice',
  body: 'Please handle the null case.',
  url: 'https://github.com/o/r/pull/12#discussion_r1',
};

const cases: Array<{ name: string; input: EvaluateInput; cfg?: unknown; now?: Date; expect: Expect }> = [
  {
    name: 'ci failing with every check finished: tells the agent which check, with link and log',
    input: input({
      pr: failing(),
      details: {
        failedChecks: [
          {
            name: 'test',
            url: null,
            excerpt: 'FAIL src/a.test.ts\nexpected 1, got 2',
          },
        ],
      },
    }),
    expect: [
      {
        type: 'send_to_agent',
        reaction: 'ci_failed',
        key: SHA_A,
        attempt: 1,
        restore: false,
        contains: [
          'CI failed on this PR',
          'test (failure): https://github.com/o/r/runs/test',
          'expected 1, got 2',
          'pull/12',
        ],
      },
    ],
  },
  {
    name: 'ci failing while a check still runs: waits',
    input: input({
      pr: failing(SHA_A, { checks: [check('test', 'failure'), check('e2e', null, 'in_progress')] }),
    }),
    expect: [],
  },
  { name: 'ci pending: nothing', input: input({ pr: pr({ ci: 'pending' }) }), expect: [] },
  { name: 'ci passing, review required: nothing', input: input(), expect: [] },
  { name: 'no PR, agent working: nothing', input: input({ pr: null }), expect: [] },
  {
    name: 'changes requested: each unresolved comment with file and line',
    input: input({ pr: pr({ reviewDecision: 'changes_requested', unresolvedThreads: [THREAD] }) }),
    expect: [
      {
        type: 'send_to_agent',
        reaction: 'changes_requested',
        contains: [
          'Address each comment',
          'src/app.ts:42 — @alice: Please handle the null case.',
          'discussion_r1',
        ],
      },
    ],
  },
  {
    name: 'changes requested with nothing to act on (no thread, no review words): nothing vague is sent',
    input: input({ pr: pr({ reviewDecision: 'changes_requested' }) }),
    expect: [],
  },
  {
    name: 'changes requested with the review body: the body is sent',
    input: input({
      pr: pr({ reviewDecision: 'changes_requested' }),
      details: {
        reviewBodies: [
          { id: 'R1', author: 'alice', state: 'changes_requested', body: 'Split this PR in two.', url: null },
        ],
      },
    }),
    expect: [
      {
        type: 'send_to_agent',
        reaction: 'changes_requested',
        contains: ['@alice requested changes: Split this PR in two.'],
      },
    ],
  },
  {
    name: 'unresolved comments on an approved PR: not sent',
    input: input({
      pr: pr({ reviewDecision: 'approved', unresolvedThreads: [THREAD], mergeable: 'unknown' }),
    }),
    expect: [],
  },
  {
    name: 'merge conflict: asks the agent to resolve it',
    input: input({ pr: pr({ mergeable: 'conflicting' }) }),
    expect: [{ type: 'send_to_agent', reaction: 'merge_conflict', contains: ['merge conflicts'] }],
  },
  { name: 'mergeability unknown: waits', input: input({ pr: pr({ mergeable: 'unknown' }) }), expect: [] },
  {
    name: 'approved, green, mergeable: notifies (auto-merge is off by default)',
    input: input({ pr: pr({ reviewDecision: 'approved' }) }),
    expect: [{ type: 'notify', reaction: 'approved', channels: null }],
  },
  {
    name: 'approved with auto_merge: merges the exact head commit',
    input: input({ pr: pr({ reviewDecision: 'approved' }) }),
    cfg: { approved: { action: 'auto_merge', merge_method: 'rebase' } },
    expect: [{ type: 'auto_merge', reaction: 'approved', prNumber: 12, headSha: SHA_A, method: 'rebase' }],
  },
  {
    name: 'approved but CI pending: no merge yet',
    input: input({ pr: pr({ reviewDecision: 'approved', ci: 'pending' }) }),
    cfg: { approved: { action: 'auto_merge' } },
    expect: [],
  },
  {
    name: 'approved but conflicting: resolve the conflict, no merge',
    input: input({ pr: pr({ reviewDecision: 'approved', mergeable: 'conflicting' }) }),
    cfg: { approved: { action: 'auto_merge' } },
    expect: [{ type: 'send_to_agent', reaction: 'merge_conflict' }],
  },
  {
    name: 'approved with no checks and require_checks: no merge',
    input: input({ pr: pr({ reviewDecision: 'approved', ci: 'none', checks: [] }) }),
    cfg: { approved: { action: 'auto_merge', require_checks: true } },
    expect: [],
  },
  {
    name: 'approved draft: nothing',
    input: input({ pr: pr({ reviewDecision: 'approved', draft: true }) }),
    cfg: { approved: { action: 'auto_merge' } },
    expect: [],
  },
  {
    name: 'agent waiting for input: urgent notification with the reason',
    input: input({ activity: activity('waiting_input', 0, 'permission prompt: Bash(rm -rf build)') }),
    expect: [
      { type: 'notify', reaction: 'agent_needs_input', contains: ['permission prompt: Bash(rm -rf build)'] },
    ],
  },
  {
    name: 'agent idle without a PR for 11 min: stuck',
    input: input({ pr: null, activity: activity('idle', 0) }),
    now: at(11),
    expect: [{ type: 'notify', reaction: 'agent_stuck', contains: ['idle for 11 min'] }],
  },
  {
    name: 'agent idle without a PR for 5 min: not yet',
    input: input({ pr: null, activity: activity('idle', 0) }),
    now: at(5),
    expect: [],
  },
  {
    name: 'agent idle while its PR waits for review: not stuck',
    input: input({ activity: activity('idle', 0) }),
    now: at(60),
    expect: [],
  },
  {
    name: 'agent exited with an open PR: warns',
    input: input({ activity: activity('exited', 0) }),
    expect: [{ type: 'notify', reaction: 'agent_exited' }],
  },
  {
    name: 'agent exited with spawn_agent: restore and continue',
    input: input({ activity: activity('exited', 0) }),
    cfg: { agent_exited: { action: 'spawn_agent' } },
    expect: [
      { type: 'send_to_agent', reaction: 'agent_exited', restore: true, contains: ['Continue the task'] },
    ],
  },
  {
    name: 'merged PR with failing CI and an exited agent: nothing',
    input: input({ pr: failing(SHA_A, { state: 'merged' }), activity: activity('exited', 0) }),
    expect: [],
  },
  {
    name: 'killed session with failing CI and conflicts: nothing',
    input: input({
      session: { ...session, status: 'killed' },
      pr: failing(SHA_A, { mergeable: 'conflicting' }),
    }),
    expect: [],
  },
  {
    name: 'runtime lost with failing CI: the agent is told (the daemon restores it) and the exit is reported',
    input: input({
      session: { ...session, status: 'runtime_lost' },
      pr: failing(),
      activity: activity('exited'),
    }),
    expect: [
      { type: 'notify', reaction: 'agent_exited' },
      { type: 'send_to_agent', reaction: 'ci_failed', restore: true },
    ],
  },
  {
    name: 'ci_failed disabled: nothing',
    input: input({ pr: failing() }),
    cfg: { ci_failed: { enabled: false } },
    expect: [],
  },
  {
    name: 'ci_failed set to notify through slack',
    input: input({ pr: failing() }),
    cfg: { ci_failed: { action: 'notify', channel: 'slack', priority: 'warning' } },
    expect: [{ type: 'notify', reaction: 'ci_failed', channels: ['slack'], contains: ['test'] }],
  },
];

function text(a: ReactionAction): string {
  if (a.type === 'send_to_agent') return a.message;
  if (a.type === 'notify' || a.type === 'escalate') return `${a.notification.title}\n${a.notification.body}`;
  return '';
}

describe('evaluate (table)', () => {
  it.each(cases)('$name', ({ input: given, cfg, now, expect: expected }) => {
    const actions = evaluate(given, new MemoryIncidentStore(), config(cfg), now ?? T0);
    expect(actions).toHaveLength(expected.length);
    expected.forEach(({ contains, ...shape }, i) => {
      const action = actions[i];
      if (!action) throw new Error(`missing action ${i}`);
      expect(action).toMatchObject({ sessionId: session.id, ...shape });
      for (const s of contains ?? []) expect(text(action)).toContain(s);
    });
  });

  it('routes notify priorities from the config', () => {
    const [a] = evaluate(
      input({ pr: pr({ reviewDecision: 'approved' }) }),
      new MemoryIncidentStore(),
      config(),
      T0,
    );
    expect(a).toMatchObject({
      type: 'notify',
      notification: { priority: 'action', url: 'https://github.com/o/r/pull/12' },
    });
    const [b] = evaluate(
      input({ activity: activity('waiting_input') }),
      new MemoryIncidentStore(),
      config(),
      T0,
    );
    expect(b).toMatchObject({ notification: { priority: 'urgent', sessionId: 'demo-1' } });
  });

  it('bounds long log excerpts and keeps their end', () => {
    const log = `${'noise line\n'.repeat(2000)}THE REAL ERROR`;
    const [a] = evaluate(
      input({
        pr: failing(),
        details: { failedChecks: [{ name: 'test', url: null, excerpt: log }] },
      }),
      new MemoryIncidentStore(),
      config(),
      T0,
    );
    const message = a?.type === 'send_to_agent' ? a.message : '';
    expect(message).toContain('THE REAL ERROR');
    expect(message).toContain('chars cut');
    expect(message.length).toBeLessThan(5000);
  });
});
