import { describe, expect, it } from 'vitest';
import { Refusals } from './refusals';

describe('Refusals', () => {
  it('answers a stranger a few times a minute, then stays silent, and forgets', () => {
    const r = new Refusals(3, 60_000, 2);
    expect([0, 1, 2, 3].map((t) => r.admit('telegram:666', t))).toEqual([true, true, true, false]);
    expect(r.admit('telegram:666', 60_001)).toBe(true);
    r.admit('telegram:1', 0);
    r.admit('telegram:2', 0);
    expect(r.admit('telegram:666', 60_002)).toBe(true); // forgotten: the map holds 2 users
  });
});
