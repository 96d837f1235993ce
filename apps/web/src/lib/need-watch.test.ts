import type { Escalation } from '@ao/shared/events-mcp';
import { describe, expect, it } from 'vitest';
import { NeedWatch } from './need-watch';
import { makeSession } from './session-fixture';

const NOW = Date.parse('2026-01-02T10:05:00.000Z');
const pr = {
  number: 7,
  url: 'https://github.com/o/r/pull/7',
  state: 'open',
  draft: false,
  ci: 'passing',
  reviewDecision: 'review_required',
  mergeable: 'mergeable',
  unresolvedThreads: [],
} as unknown as NonNullable<ReturnType<typeof makeSession>['pr']>;

describe('NeedWatch', () => {
  it('announces what starts to need the human, once; not a session that only sits in Review', () => {
    const w = new NeedWatch();
    const old = makeSession({ id: 'demo-1', lane: 'review', activity: 'idle', pr });
    expect(w.look([old], [], NOW)).toEqual([]); // the first look takes stock
    const idle = makeSession({ id: 'demo-2', lane: 'review', activity: 'idle' });
    expect(w.look([old, idle], [], NOW)).toEqual([]);
    const ready = makeSession({ id: 'demo-3', lane: 'review', activity: 'idle', pr });
    const news = w.look([old, idle, ready], [], NOW);
    expect(news.map((n) => (n.kind === 'session' ? `${n.session.id}:${n.reason}` : n.kind))).toEqual([
      'demo-3:review',
    ]);
    expect(w.look([old, idle, ready], [], NOW + 1000)).toEqual([]);
  });

  it('a permission prompt is announced when its grace time passes, an escalation when it opens', () => {
    const w = new NeedWatch();
    const waiting = makeSession({
      id: 'demo-4',
      lane: 'review',
      activity: 'waiting_input',
      evidence: {
        source: 'hook',
        detail: 'permission',
        at: '2026-01-02T10:04:50.000Z',
        confidence: 'high',
      } as never,
    });
    expect(w.look([waiting], [], NOW)).toEqual([]);
    expect(w.look([waiting], [], NOW + 30_000)).toEqual([]);
    expect(w.look([waiting], [], NOW + 60_000).map((n) => n.kind)).toEqual(['session']);
    const esc = { id: 3, sessionId: 'demo-4', resolution: null } as unknown as Escalation;
    const news = w.look([waiting], [esc], NOW + 61_000);
    expect(news).toEqual([{ kind: 'escalation', escalation: esc }]);
  });
});
