import type { AoEvent } from '@ao/shared/events';
import type { Escalation } from '@ao/shared/events-mcp';
import { describe, expect, it } from 'vitest';
import { applyEvent, applySnapshot, emptyBoard, upsertSession, withMessages } from './event-store';
import { makeSession } from './session-fixture';

const at = '2026-01-02T10:00:00.000Z';

describe('applySnapshot', () => {
  it('replaces the board, dropping sessions that vanished and their timelines', () => {
    const s1 = makeSession({ id: 'demo-1' });
    const s2 = makeSession({ id: 'demo-2' });
    let st = applySnapshot(emptyBoard, { lastEventId: 5, sessions: [s1, s2], projects: [] });
    st = applyEvent(st, { id: 6, type: 'session.created', at, data: { session: s2 } }).state;
    expect(st.timelines.get('demo-2')).toHaveLength(1);
    const after = applySnapshot(st, { lastEventId: 90, sessions: [s1], projects: [] });
    expect([...after.sessions.keys()]).toEqual(['demo-1']);
    expect(after.timelines.has('demo-2')).toBe(false);
    expect(after.lastEventId).toBe(90);
    expect(after.loaded).toBe(true);
  });
});

describe('applyEvent', () => {
  const base = applySnapshot(emptyBoard, { lastEventId: 10, sessions: [makeSession()], projects: [] });

  it('upserts the session carried by a session event and moves it between lanes', () => {
    const moved = makeSession({ activity: 'waiting_input', lane: 'review' });
    const evidence = {
      source: 'hook:Notification',
      detail: 'permission prompt',
      at,
      confidence: 'high' as const,
    };
    const e: AoEvent = {
      id: 11,
      type: 'session.activity',
      at,
      data: { session: moved, from: 'working', to: 'waiting_input', evidence },
    };
    const r = applyEvent(base, e);
    expect(r.state.sessions.get('demo-1')?.lane).toBe('review');
    expect(r.state.lastEventId).toBe(11);
    expect(r.state.timelines.get('demo-1')?.[0]).toMatchObject({ kind: 'activity', tone: 'warn', evidence });
  });

  it('ignores events already seen (replay overlap)', () => {
    const e: AoEvent = {
      id: 10,
      type: 'session.updated',
      at,
      data: { session: makeSession({ lane: 'done' }) },
    };
    const r = applyEvent(base, e);
    expect(r.state).toBe(base);
  });

  it('adds projects and message lines', () => {
    const project = {
      id: 'web',
      name: 'Web',
      repo: null,
      path: '/r',
      configPath: '/r/ao.config.yaml',
      defaultBranch: 'main',
      agent: 'generic',
      runtime: 'tmux',
      workspace: 'worktree',
      tracker: 'none',
      permissionGraceSec: 0,
      error: null,
    };
    let st = applyEvent(base, { id: 11, type: 'project.added', at, data: { project } }).state;
    st = applyEvent(st, {
      id: 12,
      type: 'session.message',
      at,
      data: {
        sessionId: 'demo-1',
        message: {
          id: 1,
          sessionId: 'demo-1',
          kind: 'message',
          text: 'hello',
          state: 'failed',
          detail: 'no prompt hook',
          createdAt: at,
          updatedAt: at,
        },
      },
    }).state;
    expect(st.projects.map((p) => p.id)).toEqual(['web']);
    expect(st.timelines.get('demo-1')?.[0]).toMatchObject({ kind: 'message', tone: 'bad' });
  });

  it("puts a check's classification in the session's timeline, with why and what ao did", () => {
    const st = applyEvent(base, {
      id: 13,
      type: 'checks.classified',
      at,
      data: {
        sessionId: 'demo-1',
        check: 'e2e <b>',
        sha: 'a'.repeat(40),
        class: 'flaky',
        reason: 'failed then passed on bbbbbbb',
        action: 'rerun',
      },
    }).state;
    expect(st.timelines.get('demo-1')?.[0]).toMatchObject({
      kind: 'ci',
      tone: 'warn',
      text: 'Check e2e <b> at aaaaaaa: flaky (failed then passed on bbbbbbb); re-run once',
    });
  });

  it('shows a wake of the orchestrator on the timeline of every session it was about, and its own', () => {
    const st = applyEvent(base, {
      id: 14,
      type: 'orchestrator.woken',
      at,
      data: {
        sessionId: 'demo-9',
        key: 'demo',
        triggers: ['worker_ask'],
        sessionIds: ['demo-1', 'demo-2'],
        bytes: 900,
      },
    }).state;
    for (const id of ['demo-9', 'demo-1', 'demo-2'])
      expect(st.timelines.get(id)?.[0]).toMatchObject({ text: 'Orchestrator demo-9 woken (worker_ask)' });
  });
});

describe('upsertSession', () => {
  it('keeps a newer copy that arrived by SSE', () => {
    const newer = makeSession({ updatedAt: '2026-01-02T10:00:05.000Z', lane: 'review' });
    const st = applySnapshot(emptyBoard, { lastEventId: 1, sessions: [newer], projects: [] });
    expect(upsertSession(st, makeSession()).sessions.get('demo-1')?.lane).toBe('review');
    const added = upsertSession(st, makeSession({ id: 'demo-9' }));
    expect(added.sessions.has('demo-9')).toBe(true);
  });
});

describe('messages and restarts', () => {
  const base = applySnapshot(emptyBoard, { lastEventId: 10, sessions: [makeSession()], projects: [] });
  const message = {
    id: 7,
    sessionId: 'demo-1',
    kind: 'message' as const,
    text: 'run the tests',
    state: 'queued' as const,
    detail: 'the agent is busy',
    createdAt: at,
    updatedAt: at,
  };

  it('follows a message from queued to delivered through its events', () => {
    let st = applyEvent(base, {
      id: 11,
      type: 'session.message',
      at,
      data: { sessionId: 'demo-1', message },
    }).state;
    expect(st.messages.get('demo-1')?.map((m) => m.state)).toEqual(['queued']);
    const later = { ...message, state: 'delivered' as const, updatedAt: '2026-01-02T10:00:09.000Z' };
    st = applyEvent(st, {
      id: 12,
      type: 'session.message',
      at,
      data: { sessionId: 'demo-1', message: later },
    }).state;
    expect(st.messages.get('demo-1')?.map((m) => m.state)).toEqual(['delivered']);
    // The messages route answering an older copy afterwards changes nothing.
    expect(withMessages(st, 'demo-1', [message])).toBe(st);
  });

  it('keeps the sessions a restart brought back, and ignores restarts that brought none', () => {
    const none = applyEvent(base, {
      id: 11,
      type: 'daemon.recovered',
      at,
      data: { alive: 1, lost: 0, orphans: 0, restored: [] },
    }).state;
    expect(none.recovered).toBeNull();
    const some = applyEvent(none, {
      id: 12,
      type: 'daemon.recovered',
      at,
      data: { alive: 0, lost: 0, orphans: 0, restored: ['demo-1', 'demo-2'] },
    }).state;
    expect(some.recovered).toEqual({ eventId: 12, at, restored: ['demo-1', 'demo-2'] });
    // A later snapshot (a reconnect) keeps the notice.
    expect(applySnapshot(some, { lastEventId: 20, sessions: [], projects: [] }).recovered?.eventId).toBe(12);
  });
});

describe('escalations and briefings', () => {
  const open: Escalation = {
    id: 3,
    sessionId: 'demo-1',
    project: 'demo',
    summary: 'Tests were skipped',
    recommendation: 'Ask for tests',
    source: 'orchestrator',
    createdAt: at,
    action: { kind: 'send_message', session: 'demo-1', text: 'add tests' },
    resolution: null,
    error: null,
  };

  it('a snapshot carries the open ones; created adds, failed updates, resolved removes; the timeline says so', () => {
    let st = applySnapshot(emptyBoard, {
      lastEventId: 1,
      sessions: [makeSession()],
      projects: [],
      escalations: [open],
    });
    expect([...st.escalations.keys()]).toEqual([3]);
    const second = { ...open, id: 4 };
    st = applyEvent(st, {
      id: 2,
      type: 'escalation.created',
      at,
      data: { sessionId: 'demo-1', escalation: second },
    }).state;
    expect([...st.escalations.keys()]).toEqual([3, 4]);
    const failed = { ...second, error: 'merge demo-1 failed: no PR' };
    st = applyEvent(st, {
      id: 3,
      type: 'escalation.failed',
      at,
      data: { sessionId: 'demo-1', escalation: failed },
    }).state;
    expect(st.escalations.get(4)?.error).toMatch(/no PR/);
    const resolution = {
      decision: 'accept' as const,
      text: null,
      resolvedAt: at,
      resolvedBy: 'dashboard',
      outcome: 'message to demo-1: sent',
      deliveredToOrchestrator: false,
    };
    st = applyEvent(st, {
      id: 4,
      type: 'escalation.resolved',
      at,
      data: { sessionId: 'demo-1', escalation: { ...open, resolution } },
    }).state;
    expect([...st.escalations.keys()]).toEqual([4]);
    expect(st.timelines.get('demo-1')?.map((t) => t.text)).toEqual([
      'Escalated to you: Tests were skipped',
      'Escalation #4: merge demo-1 failed: no PR',
      'Escalation #3 accept: message to demo-1: sent',
    ]);
    // A snapshot without the field (an older daemon) keeps what the board had.
    expect(applySnapshot(st, { lastEventId: 9, sessions: [], projects: [] }).escalations.size).toBe(1);
  });

  it('briefing.published marks when to reload the panel', () => {
    const st = applyEvent(emptyBoard, {
      id: 1,
      type: 'briefing.published',
      at,
      data: { project: '*', publishedAt: at, chars: 10 },
    }).state;
    expect(st.briefingAt).toBe(at);
  });
});
