import { describe, expect, it } from 'vitest';
import { costUsd, priceFor } from './pricing';

describe('priceFor', () => {
  it('picks the longest matching prefix, user overrides first, then the fallback', () => {
    expect(priceFor('claude-opus-4-5-20251101')).toEqual({ input: 5, output: 25 });
    expect(priceFor('claude-opus-4-20250514')).toEqual({ input: 15, output: 75 });
    expect(priceFor('claude-sonnet-4-5')).toEqual({ input: 3, output: 15 });
    expect(priceFor('claude-haiku-4-5-20251001')).toEqual({ input: 1, output: 5 });
    expect(priceFor('some-other-model')).toEqual({ input: 3, output: 15 });
    expect(priceFor(null)).toEqual({ input: 3, output: 15 });
    expect(priceFor('claude-sonnet-4-5', { 'claude-sonnet-4-5': { input: 1, output: 2 } })).toEqual({
      input: 1,
      output: 2,
    });
    expect(priceFor('x', { default: { input: 0, output: 0 } })).toEqual({ input: 0, output: 0 });
  });
});

describe('costUsd', () => {
  it('prices input, output and cache tokens per million', () => {
    expect(costUsd({ input: 1_000_000, output: 1_000_000 }, { input: 3, output: 15 })).toBeCloseTo(18);
    // cache read 0.1x, cache write 1.25x input by default
    expect(
      costUsd({ input: 0, output: 0, cacheRead: 1_000_000, cacheWrite: 1_000_000 }, { input: 4, output: 0 }),
    ).toBeCloseTo(0.4 + 5);
  });
});
