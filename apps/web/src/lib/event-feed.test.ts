import { describe, expect, it } from 'vitest';
import { backoff, EventFeed, parseEvent, parseSnapshot } from './event-feed';

describe('parseSnapshot', () => {
  it('accepts the snapshot shape and rejects others', () => {
    expect(parseSnapshot('{"lastEventId":3,"sessions":[],"projects":[]}')?.lastEventId).toBe(3);
    expect(parseSnapshot('{"lastEventId":"3","sessions":[],"projects":[]}')).toBeNull();
    expect(parseSnapshot('{"lastEventId":3,"sessions":{}}')).toBeNull();
    expect(() => parseSnapshot('not json')).toThrow();
  });
});

describe('parseEvent', () => {
  it('needs an id, a type and a data object', () => {
    expect(parseEvent('{"id":4,"type":"session.updated","at":"x","data":{}}')?.id).toBe(4);
    expect(parseEvent('{"id":4,"type":"session.updated","data":null}')).toBeNull();
    expect(parseEvent('{"type":"session.updated","data":{}}')).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles from 1 s and stops at 15 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(backoff)).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000]);
  });
});

describe('adopting the stream opened in <head>', () => {
  class StubEventSource {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSED = 2;
    readyState = StubEventSource.OPEN;
    onopen: (() => void) | null = null;
    onerror: (() => void) | null = null;
    closed = false;
    close() {
      this.closed = true;
      this.readyState = StubEventSource.CLOSED;
    }
  }
  const message = (type: string, data: unknown) => ({ type, data: JSON.stringify(data) }) as MessageEvent;
  const snapshot = { lastEventId: 3, sessions: [], projects: [] };
  const event = { id: 4, type: 'session.updated', at: 'x', data: { session: {} } };

  it('replays what arrived before the app, then passes the rest on, without opening a second stream', () => {
    const g = globalThis as unknown as Record<string, unknown>;
    const es = new StubEventSource();
    const early = {
      es,
      buf: [message('snapshot', snapshot)],
      sink: null as ((m: MessageEvent) => void) | null,
    };
    g['EventSource'] = StubEventSource;
    g['window'] = { __aoEarlyFeed: early };
    try {
      const got: string[] = [];
      const feed = new EventFeed({
        snapshot: (s) => got.push(`snapshot ${s.lastEventId}`),
        event: (e) => got.push(`event ${e.id}`),
        status: (s) => got.push(s),
        unauthorized: () => got.push('unauthorized'),
        lastEventId: () => 0,
      });
      feed.start();
      early.sink?.(message('session.updated', event));
      expect(got).toEqual(['live', 'snapshot 3', 'event 4']);
      expect((g['window'] as Record<string, unknown>)['__aoEarlyFeed']).toBeUndefined();
      feed.stop();
      expect(es.closed).toBe(true);
    } finally {
      delete g['EventSource'];
      delete g['window'];
    }
  });
});
