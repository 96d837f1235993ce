import { describe, expect, it } from 'vitest';
import { createKeyedLock } from './keyed-lock';

describe('createKeyedLock', () => {
  it('runs calls with one key one at a time, in order, and other keys alongside', async () => {
    const lock = createKeyedLock();
    const events: string[] = [];
    let releaseFirst = () => {};
    const first = lock('a', async () => {
      events.push('a1 start');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      events.push('a1 end');
    });
    const second = lock('a', async () => {
      events.push('a2');
    });
    await lock('b', async () => {
      events.push('b');
    });
    expect(events).toEqual(['a1 start', 'b']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('releases the key when a call throws', async () => {
    const lock = createKeyedLock();
    await expect(lock('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock('a', async () => 42)).toBe(42);
  });
});
