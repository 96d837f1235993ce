import { describe, expect, it } from 'vitest';
import { backoff, parseEvent, parseSnapshot } from './event-feed';

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
