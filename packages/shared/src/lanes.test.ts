import { describe, expect, it } from 'vitest';
import { type LaneInput, laneOf } from './lanes';

const pr = (over: Partial<NonNullable<LaneInput['pr']>> = {}): NonNullable<LaneInput['pr']> => ({
  state: 'open',
  ci: 'passing',
  reviewDecision: 'none',
  reviewersRequested: 0,
  mergeable: 'mergeable',
  draft: false,
  ...over,
});

describe('laneOf', () => {
  const cases: Array<[string, LaneInput, string]> = [
    ['killed', { status: 'killed', activity: 'working', pr: null, escalated: false }, 'done'],
    ['done status', { status: 'done', activity: 'idle', pr: pr(), escalated: false }, 'done'],
    [
      'merged PR',
      { status: 'running', activity: 'idle', pr: pr({ state: 'merged' }), escalated: false },
      'done',
    ],
    [
      'closed PR',
      { status: 'running', activity: 'working', pr: pr({ state: 'closed' }), escalated: false },
      'done',
    ],
    ['spawning', { status: 'spawning', activity: 'unknown', pr: null, escalated: false }, 'working'],
    ['working no PR', { status: 'running', activity: 'working', pr: null, escalated: false }, 'working'],
    [
      'starting: first prompt not yet taken',
      { status: 'running', activity: 'starting', pr: null, escalated: false },
      'working',
    ],
    [
      'unknown: ao cannot tell, no PR',
      { status: 'running', activity: 'unknown', pr: null, escalated: false },
      'review',
    ],
    [
      'unknown with CI running',
      { status: 'running', activity: 'unknown', pr: pr({ ci: 'pending' }), escalated: false },
      'pending',
    ],
    [
      'agent exited by itself',
      { status: 'exited', activity: 'exited', pr: null, escalated: false },
      'review',
    ],
    [
      'agent exited, blocked on a known cause',
      { status: 'exited', activity: 'blocked', pr: null, escalated: false },
      'review',
    ],
    [
      'waiting for permission',
      { status: 'running', activity: 'waiting_input', pr: null, escalated: false },
      'review',
    ],
    ['blocked with PR', { status: 'running', activity: 'blocked', pr: pr(), escalated: false }, 'review'],
    [
      'escalated',
      { status: 'running', activity: 'idle', pr: pr({ ci: 'failing' }), escalated: true },
      'review',
    ],
    ['runtime lost', { status: 'runtime_lost', activity: 'exited', pr: null, escalated: false }, 'review'],
    ['failed spawn', { status: 'failed', activity: 'unknown', pr: null, escalated: false }, 'review'],
    ['idle no PR', { status: 'running', activity: 'idle', pr: null, escalated: false }, 'review'],
    ['exited no PR', { status: 'running', activity: 'exited', pr: null, escalated: false }, 'review'],
    [
      'fixing CI',
      { status: 'running', activity: 'working', pr: pr({ ci: 'failing' }), escalated: false },
      'working',
    ],
    [
      'CI failed, idle',
      { status: 'running', activity: 'idle', pr: pr({ ci: 'failing' }), escalated: false },
      'working',
    ],
    [
      'CI failed, exited',
      { status: 'running', activity: 'exited', pr: pr({ ci: 'failing' }), escalated: false },
      'review',
    ],
    [
      'changes requested',
      {
        status: 'running',
        activity: 'idle',
        pr: pr({ reviewDecision: 'changes_requested' }),
        escalated: false,
      },
      'working',
    ],
    [
      'CI running',
      { status: 'running', activity: 'idle', pr: pr({ ci: 'pending' }), escalated: false },
      'pending',
    ],
    [
      'awaiting reviewers',
      { status: 'running', activity: 'idle', pr: pr({ reviewersRequested: 2 }), escalated: false },
      'pending',
    ],
    ['green, no reviewers', { status: 'running', activity: 'idle', pr: pr(), escalated: false }, 'review'],
    [
      'approved and green',
      { status: 'running', activity: 'idle', pr: pr({ reviewDecision: 'approved' }), escalated: false },
      'merge',
    ],
    [
      'approved, exited agent',
      {
        status: 'runtime_lost',
        activity: 'exited',
        pr: pr({ reviewDecision: 'approved' }),
        escalated: false,
      },
      'merge',
    ],
    [
      'approved but conflicting',
      {
        status: 'running',
        activity: 'idle',
        pr: pr({ reviewDecision: 'approved', mergeable: 'conflicting' }),
        escalated: false,
      },
      'working',
    ],
    [
      'approved, mergeability unknown',
      {
        status: 'running',
        activity: 'idle',
        pr: pr({ reviewDecision: 'approved', mergeable: 'unknown' }),
        escalated: false,
      },
      'pending',
    ],
    [
      'draft PR green',
      { status: 'running', activity: 'idle', pr: pr({ draft: true }), escalated: false },
      'review',
    ],
  ];
  it.each(cases)('%s', (_name, input, lane) => {
    expect(laneOf(input)).toBe(lane);
  });
});
