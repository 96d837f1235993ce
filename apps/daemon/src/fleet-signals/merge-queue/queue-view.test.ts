import type { MergeConfig } from '@ao/shared/config-merge';
import type { PullRequest } from '@ao/shared/session';
import { makePr } from '@ao/shared/session-fixture';
import { describe, expect, it } from 'vitest';
import type { LoadedProject } from '../../projects/project-service';
import type { SessionRow } from '../../sessions/session-row';
import { orderQueue } from './queue-order';
import { queueView } from './queue-view';

const pr = makePr;
const row = (id: string, minute: number, p: PullRequest) =>
  ({
    id,
    projectId: 'x',
    branch: `ao/${id}`,
    status: 'running',
    worktreeRemoved: false,
    pr: p,
    dependencies: { blockedBy: [], blocks: [] },
    createdAt: `2026-11-27T10:0${minute}:00.000Z`,
  }) as unknown as SessionRow;
const project = (merge: Partial<MergeConfig>, repo: string | null = 'acme/x') =>
  ({
    id: 'x',
    config: {
      merge: { method: 'squash', cleanup: true, queue: true, autoMerge: true, ...merge },
      project: { repo: repo ?? undefined, defaultBranch: 'main' },
    },
  }) as unknown as LoadedProject;
const brokenCheck = {
  name: 'build',
  status: 'completed' as const,
  conclusion: 'failure',
  url: null,
  verdict: { class: 'broken-base' as const, reason: 'fails on main too' },
};
const view = (p: LoadedProject, rows: SessionRow[]) =>
  queueView(p, orderQueue(rows, p.config.merge, 'main'), new Map(), null);

describe('queueView: why a queue is held', () => {
  it('off, or without a repository, says so', () => {
    expect(view(project({ queue: false }), []).held).toMatch(/^merge\.queue is off.*queue: true/);
    expect(view(project({}, null), []).held).toMatch(/no GitHub repository/);
  });

  it('a broken base holds it while no PR can go; a ready PR means it moves', () => {
    const broken = row('x-1', 1, pr(1, { ci: 'failing', checks: [brokenCheck] }));
    const v = view(project({}), [broken]);
    expect(v.items[0]?.reason).toBe('checks failing: main is broken: build fails there too');
    expect(v.held).toBe('main is broken (its own checks fail): no PR can go until it is green again');
    expect(view(project({}), [broken, row('x-2', 2, pr(2))]).held).toBeNull();
    expect(view(project({}), [row('x-3', 3, pr(3, { ci: 'failing' }))]).held).toBeNull();
  });

  it('carries what merged last', () => {
    const last = { sessionId: 'x-0', prNumber: 7, at: '2026-11-28T00:00:00.000Z' };
    const p = project({});
    expect(queueView(p, [], new Map(), last).lastMerged).toEqual(last);
  });
});
