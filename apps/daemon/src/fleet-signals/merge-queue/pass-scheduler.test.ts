import { describe, expect, it, vi } from 'vitest';
import { PassScheduler } from './pass-scheduler';

describe('PassScheduler: one pass at a time per key, none missed', () => {
  it('a run asked for during a pass runs once after it, never beside it', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    let active = 0;
    const s = new PassScheduler(async (key) => {
      active++;
      expect(active).toBe(1);
      log.push(`start ${key}`);
      if (log.length === 1) await new Promise<void>((r) => (release = r));
      log.push(`end ${key}`);
      active--;
    }, 10);
    const first = s.run('p');
    const second = s.run('p');
    const third = s.run('p');
    release();
    await Promise.all([first, second, third]);
    expect(log).toEqual(['start p', 'end p', 'start p', 'end p']);
  });

  it('schedule debounces; close cancels what was scheduled', async () => {
    vi.useFakeTimers();
    try {
      let passes = 0;
      const s = new PassScheduler(async () => void passes++, 20);
      s.schedule('p');
      s.schedule('p');
      await vi.advanceTimersByTimeAsync(25);
      await s.idle();
      expect(passes).toBe(1);
      s.schedule('p');
      await s.close();
      await vi.advanceTimersByTimeAsync(100);
      expect(passes).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
