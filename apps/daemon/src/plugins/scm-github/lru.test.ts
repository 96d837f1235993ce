import { describe, expect, it } from 'vitest';
import { Lru } from './lru';

describe('Lru', () => {
  it('keeps at most `max` entries and forgets the least recently used', () => {
    const lru = new Lru<string, number | null>(2);
    lru.set('a', 1);
    lru.set('b', null);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.size).toBe(2);
    expect(lru.has('b')).toBe(false);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    lru.set('c', 4);
    lru.set('d', 5);
    expect([lru.has('a'), lru.get('c'), lru.get('d')]).toEqual([false, 4, 5]);
  });

  it('stores null as a value, apart from a miss', () => {
    const lru = new Lru<string, string | null>(1);
    lru.set('gone', null);
    expect(lru.has('gone')).toBe(true);
    expect(lru.get('gone')).toBeNull();
  });

  it('refuses a size below 1', () => {
    expect(() => new Lru(0)).toThrow(/positive size/);
  });
});
