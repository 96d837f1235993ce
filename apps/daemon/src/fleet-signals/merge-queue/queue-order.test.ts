import type { MergeConfig } from '@ao/shared/config-merge';
import type { Dependency } from '@ao/shared/dependencies';
import type { PullRequest } from '@ao/shared/session';
import { makePr } from '@ao/shared/session-fixture';
import { describe, expect, it } from 'vitest';
import type { SessionRow } from '../../sessions/session-row';
import { admits, orderQueue } from './queue-order';

const pr = makePr;
const row = (
  id: string,
  minute: number,
  p: PullRequest | null,
  blockedBy: Dependency[] = [],
  status = 'running',
) =>
  ({
    id,
    projectId: 'x',
    branch: `ao/${id}`,
    status,
    worktreeRemoved: false,
    pr: p,
    dependencies: { blockedBy, blocks: [] },
    createdAt: `2026-11-27T10:${String(minute).padStart(2, '0')}:00.000Z`,
  }) as unknown as SessionRow;
const dep = (session: string, reason: Dependency['reason'] = 'issue'): Dependency => ({
  session,
  issue: null,
  reason,
});
const config: MergeConfig = {
  method: 'squash',
  cleanup: true,
  queue: true,
  autoMerge: true,
  requireUpToDate: true,
  requireApproval: true,
  requireChecks: true,
};

describe('orderQueue', () => {
  it('a repository without CI or required reviews: requireChecks / requireApproval off make such PRs ready', () => {
    const rows = [
      row('x-1', 1, pr(1, { ci: 'none', reviewDecision: 'none' })),
      row('x-2', 2, pr(2, { ci: 'pending', reviewDecision: 'none' })),
      row('x-3', 3, pr(3, { ci: 'none', reviewDecision: 'changes_requested' })),
    ];
    expect(orderQueue(rows, config, 'main').map((e) => e.ready)).toEqual([false, false, false]);
    const lax = { ...config, requireApproval: false, requireChecks: false };
    expect(orderQueue(rows, lax, 'main').map((e) => [e.ready, e.reason])).toEqual([
      [true, 'ready: merged in its turn'],
      [false, 'checks running'],
      [false, 'not approved (changes requested)'],
    ]);
  });

  it('puts blockers first, then the oldest; says why each waits', () => {
    const rows = [
      row('x-1', 1, pr(1), [dep('x-2')]),
      row('x-2', 2, pr(2)),
      row('x-3', 3, pr(3, { ci: 'pending' })),
      row('x-4', 4, pr(4, { reviewDecision: 'changes_requested' })),
      row('x-5', 5, pr(5, { mergeable: 'conflicting' })),
      row('x-6', 6, null),
      row('x-7', 7, pr(7, { state: 'merged' })),
    ];
    const q = orderQueue(rows, config, 'main');
    expect(q.map((e) => [e.row.id, e.ready, e.updatable, e.reason])).toEqual([
      ['x-2', true, true, 'ready: merged in its turn'],
      ['x-1', false, false, 'blocked by x-2'],
      ['x-3', false, false, 'checks running'],
      ['x-4', false, false, 'not approved (changes requested)'],
      ['x-5', false, true, 'conflicts with main'],
    ]);
    expect(q.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a finished blocker, or a conflict with a session without an open PR, holds nothing up', () => {
    const rows = [
      row('x-1', 1, pr(1), [dep('x-2'), dep('x-3', 'conflict')]),
      row('x-2', 2, pr(2, { state: 'merged' }), [], 'done'),
      row('x-3', 3, null),
    ];
    expect(orderQueue(rows, config, 'main').map((e) => [e.row.id, e.ready])).toEqual([['x-1', true]]);
  });

  it('a cycle of blockers falls back to the oldest first', () => {
    const rows = [row('x-2', 2, pr(2), [dep('x-1')]), row('x-1', 1, pr(1), [dep('x-2')])];
    expect(orderQueue(rows, config, 'main').map((e) => e.row.id)).toEqual(['x-1', 'x-2']);
  });

  it('auto-merge admits every ready PR, none, or those with the label', () => {
    expect(admits({ ...config, autoMerge: false }, pr(1))).toBe(false);
    expect(admits(config, pr(1))).toBe(true);
    const label = { ...config, autoMerge: { label: 'ship-it' } };
    expect(admits(label, pr(1))).toBe(false);
    expect(admits(label, pr(1, { labels: ['bug', 'ship-it'] }))).toBe(true);
  });
});
