import type { Escalation } from '@ao/shared/events-mcp';
import type { PullRequest } from '@ao/shared/session';
import { describe, expect, it } from 'vitest';
import {
  escalationsBySession,
  graceOf,
  groupByLane,
  laneItems,
  matchesFilter,
  needsYou,
  orchestrators,
  pageTitle,
  taskLabel,
} from './board';
import { makeSession } from './session-fixture';

describe('taskLabel', () => {
  it('prefers the issue, then the title, then the prompt, then the id', () => {
    const issue = { number: 42, title: 'Crash on save', url: null };
    expect(taskLabel(makeSession({ issue, title: 'x' }))).toBe('#42 Crash on save');
    expect(taskLabel(makeSession({ title: 'Refactor auth' }))).toBe('Refactor auth');
    expect(taskLabel(makeSession())).toBe('Fix the flaky login test');
    expect(taskLabel(makeSession({ prompt: null }))).toBe('demo-1');
  });
});

describe('matchesFilter', () => {
  const s = makeSession({ id: 'web-3', project: 'web', agent: 'claude-code', branch: 'feat/login' });
  it.each([
    [{ project: null, query: '' }, true],
    [{ project: 'web', query: '' }, true],
    [{ project: 'api', query: '' }, false],
    [{ project: null, query: 'LOGIN' }, true],
    [{ project: null, query: 'claude login' }, true],
    [{ project: null, query: 'claude logout' }, false],
    [{ project: null, query: 'web-3' }, true],
  ])('%o → %s', (f, want) => {
    expect(matchesFilter(s, f)).toBe(want);
  });
});

describe('groupByLane', () => {
  it('puts every session in its lane, newest activity first, and keeps empty lanes', () => {
    const a = makeSession({ id: 'demo-1', lane: 'working', lastActivityAt: '2026-01-02T10:00:00Z' });
    const b = makeSession({ id: 'demo-2', lane: 'working', lastActivityAt: '2026-01-02T11:00:00Z' });
    const c = makeSession({ id: 'demo-3', lane: 'review' });
    const d = makeSession({ id: 'demo-4', lane: 'done', status: 'killed' });
    const g = groupByLane([a, b, c, d], { project: null, query: '' });
    expect(g.working.map((s) => s.id)).toEqual(['demo-2', 'demo-1']);
    expect(g.review.map((s) => s.id)).toEqual(['demo-3']);
    expect(g.done.map((s) => s.id)).toEqual(['demo-4']);
    expect(g.pending).toEqual([]);
    expect(g.merge).toEqual([]);
  });
  it('puts the sessions that ask or are blocked first in Review, then the ones that ended, then idle ones', () => {
    const idle = makeSession({
      id: 'i',
      lane: 'review',
      activity: 'idle',
      lastActivityAt: '2026-01-02T12:00:00Z',
    });
    const exited = makeSession({
      id: 'e',
      lane: 'review',
      status: 'exited',
      activity: 'exited',
      lastActivityAt: '2026-01-02T11:00:00Z',
    });
    const asks = makeSession({
      id: 'w',
      lane: 'review',
      activity: 'waiting_input',
      lastActivityAt: '2026-01-02T10:00:00Z',
    });
    const g = groupByLane([idle, exited, asks], { project: null, query: '' });
    expect(g.review.map((s) => s.id)).toEqual(['w', 'e', 'i']);
  });
  it('lists Done by when the session finished, last first', () => {
    const early = makeSession({ id: 'a', lane: 'done', status: 'killed', updatedAt: '2026-01-02T10:00:00Z' });
    const late = makeSession({
      id: 'b',
      lane: 'done',
      status: 'killed',
      updatedAt: '2026-01-02T12:00:00Z',
      lastActivityAt: '2026-01-01T00:00:00Z',
    });
    expect(groupByLane([early, late], { project: null, query: '' }).done.map((s) => s.id)).toEqual([
      'b',
      'a',
    ]);
  });
  it('applies the filter', () => {
    const a = makeSession({ id: 'a-1', project: 'a' });
    const b = makeSession({ id: 'b-1', project: 'b' });
    expect(groupByLane([a, b], { project: 'b', query: '' }).working.map((s) => s.id)).toEqual(['b-1']);
  });
});

describe('pageTitle and needsYou', () => {
  const now = Date.parse('2026-01-02T10:10:00.000Z');
  const pr = (over: Partial<PullRequest> = {}): PullRequest => ({
    number: 4,
    url: 'https://github.com/acme/demo/pull/4',
    title: 'Fix it',
    state: 'open',
    draft: false,
    headSha: null,
    ci: 'passing',
    checks: [],
    reviewDecision: 'none',
    reviewersRequested: 0,
    unresolvedThreads: [],
    mergeable: 'mergeable',
    ...over,
  });
  const escalation = (id: number, sessionId: string | null): Escalation => ({
    id,
    sessionId,
    project: 'demo',
    summary: 's',
    recommendation: 'r',
    source: 'orchestrator',
    createdAt: '2026-01-02T10:00:00.000Z',
    action: null,
    resolution: null,
    error: null,
  });
  const evidence = (at: string) => ({
    source: 'hook:Notification',
    detail: 'permission',
    at,
    confidence: 'high' as const,
  });

  it('holds only escalations, permission prompts past their grace time and PRs for your own review', () => {
    const sessions = [
      makeSession({ id: 'idle', lane: 'review', activity: 'idle' }), // idle without a PR: not yours
      makeSession({ id: 'exited', lane: 'review', status: 'exited', activity: 'exited' }),
      makeSession({
        id: 'asks-old',
        lane: 'review',
        activity: 'waiting_input',
        evidence: evidence('2026-01-02T10:08:00.000Z'),
      }),
      makeSession({
        id: 'asks-new',
        lane: 'review',
        activity: 'waiting_input',
        evidence: evidence('2026-01-02T10:09:30.000Z'),
      }),
      makeSession({ id: 'pr', lane: 'review', activity: 'idle', pr: pr() }),
      makeSession({ id: 'draft', lane: 'review', activity: 'idle', pr: pr({ draft: true }) }),
      makeSession({ id: 'reaction', lane: 'review', activity: 'idle', escalated: true }),
      makeSession({
        id: 'esc',
        lane: 'review',
        activity: 'waiting_input',
        evidence: evidence('2026-01-02T09:00:00.000Z'),
      }),
      makeSession({ id: 'busy' }),
    ];
    const resolved = {
      ...escalation(3, 'busy'),
      resolution: {
        decision: 'reject' as const,
        text: null,
        resolvedAt: '',
        resolvedBy: 'api',
        outcome: null,
        deliveredToOrchestrator: false,
      },
    };
    const n = needsYou(sessions, [escalation(1, 'esc'), escalation(2, null), resolved], now);
    expect(n.escalations.map((e) => e.id)).toEqual([2, 1]);
    expect(n.sessions.map((x) => [x.session.id, x.reason])).toEqual([
      ['asks-old', 'permission'],
      ['pr', 'review'],
      ['reaction', 'escalated'],
    ]);
    expect(n.count).toBe(5);
    expect(
      escalationsBySession([escalation(1, 'esc'), escalation(2, null), resolved]).get('esc')?.length,
    ).toBe(1);
    expect(pageTitle(2)).toBe('(2) ao');
    expect(pageTitle(0)).toBe('ao');
  });
});

describe('laneItems', () => {
  const a1 = makeSession({ id: 'api-1', project: 'api' });
  const w1 = makeSession({ id: 'web-1', project: 'web' });
  const a2 = makeSession({ id: 'api-2', project: 'api' });
  it('lists the sessions as they are without grouping', () => {
    expect(laneItems([a1, w1, a2], false).map((i) => i.key)).toEqual(['s:api-1', 's:web-1', 's:api-2']);
  });
  it('groups by project, each heading named and counted, in the order of their first session in the lane', () => {
    const names = new Map([
      ['web', 'A web app'],
      ['api', 'Backend'],
    ]);
    const items = laneItems([a1, w1, a2], true, names);
    expect(items.map((i) => i.key)).toEqual(['g:api', 's:api-1', 's:api-2', 'g:web', 's:web-1']);
    expect(items[0]).toEqual({ kind: 'group', key: 'g:api', project: 'api', name: 'Backend', count: 2 });
    expect(laneItems([w1, a1], true, names).map((i) => i.key)).toEqual([
      'g:web',
      's:web-1',
      'g:api',
      's:api-1',
    ]);
  });
  it('an empty lane has no headings', () => {
    expect(laneItems([], true)).toEqual([]);
  });
});

describe('orchestrator sessions', () => {
  const orch = makeSession({ id: 'demo-9', kind: 'orchestrator', lane: 'review', activity: 'idle' });
  const stopped = makeSession({ id: 'demo-8', kind: 'orchestrator', status: 'killed', lane: 'done' });
  const worker = makeSession({ id: 'demo-1', lane: 'review', activity: 'idle' });

  it('are kept out of the lanes and of "needs you", and shown on their own while not stopped', () => {
    const lanes = groupByLane([orch, stopped, worker], { project: null, query: '' });
    expect(lanes.review.map((s) => s.id)).toEqual(['demo-1']);
    expect(lanes.done).toEqual([]);
    // Both wait on a permission prompt past the grace time: only the worker's asks for the human.
    const long = {
      activity: 'waiting_input' as const,
      evidence: null,
      lastActivityAt: '2026-01-01T00:00:00.000Z',
    };
    const n = needsYou(
      [
        { ...orch, ...long },
        { ...worker, ...long },
      ],
      [],
      Date.parse('2026-02-01T00:00:00.000Z'),
    );
    expect(n.sessions.map((x) => x.session.id)).toEqual(['demo-1']);
    expect(orchestrators([orch, stopped, worker]).map((s) => s.id)).toEqual(['demo-9']);
  });
});

describe('graceOf', () => {
  it("uses each session's project grace: at once without an orchestrator, its permissionGraceSec with one", () => {
    const project = (id: string, permissionGraceSec: number) =>
      ({ id, permissionGraceSec }) as unknown as Parameters<typeof graceOf>[0][number];
    const waiting = (id: string, projectId: string) =>
      makeSession({
        id,
        project: projectId,
        lane: 'review',
        activity: 'waiting_input',
        lastActivityAt: '2026-01-02T10:09:30.000Z',
      });
    const now = Date.parse('2026-01-02T10:10:00.000Z'); // both have waited 30 s
    const grace = graceOf([project('solo', 0), project('orch', 120)]);
    const n = needsYou([waiting('solo-1', 'solo'), waiting('orch-1', 'orch')], [], now, grace);
    expect(n.sessions.map((x) => x.session.id)).toEqual(['solo-1']);
    const later = needsYou([waiting('orch-1', 'orch')], [], now + 120_000, grace);
    expect(later.sessions.map((x) => x.reason)).toEqual(['permission']);
  });
});
