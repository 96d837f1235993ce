import { describe, expect, it } from 'vitest';
import { indexAt, layout, revealTop, shiftAbove, stepIndex, visibleRange } from './windowing';

describe('layout', () => {
  it('places items one after the other with gaps, no trailing gap', () => {
    expect(layout([10, 20, 30], 5)).toEqual({ starts: [0, 15, 40], total: 70 });
    expect(layout([], 5)).toEqual({ starts: [], total: 0 });
  });
});

describe('indexAt', () => {
  const { starts } = layout([10, 10, 10, 10], 0);
  it.each([
    [0, 0],
    [9.9, 0],
    [10, 1],
    [35, 3],
    [1000, 3],
    [-5, 0],
  ])('y=%d → %d', (y, want) => {
    expect(indexAt(starts, y)).toBe(want);
  });
});

describe('visibleRange', () => {
  const l = layout(new Array(500).fill(50), 0);
  it('renders only what intersects the viewport, plus overscan', () => {
    expect(visibleRange(l, 0, 400, 0)).toEqual({ start: 0, end: 9 });
    expect(visibleRange(l, 1000, 400, 100)).toEqual({ start: 18, end: 31 });
  });
  it('stops at the ends', () => {
    expect(visibleRange(l, 24_800, 400, 200)).toEqual({ start: 492, end: 500 });
    expect(visibleRange(layout([], 0), 0, 400, 0)).toEqual({ start: 0, end: 0 });
  });
  it('stays small for any size of list', () => {
    const big = layout(new Array(100_000).fill(40), 8);
    const r = visibleRange(big, 1_000_000, 900, 300);
    expect(r.end - r.start).toBeLessThan(40);
  });
});

describe('revealTop', () => {
  const l = layout([100, 100, 100, 100, 100], 0);
  it('scrolls the least to show an item', () => {
    expect(revealTop(l, 0, 100, 150, 200)).toBe(0);
    expect(revealTop(l, 4, 100, 0, 200)).toBe(300);
    expect(revealTop(l, 2, 100, 150, 200)).toBe(150);
  });
  it('shows the top of an item taller than the viewport', () => {
    expect(revealTop(l, 3, 100, 0, 50)).toBe(300);
  });
});

describe('shiftAbove', () => {
  it('adds the changes of items above the viewport only', () => {
    const l = layout([100, 100, 100], 0);
    expect(
      shiftAbove(
        l,
        [
          { index: 0, delta: 20 },
          { index: 2, delta: 50 },
        ],
        150,
      ),
    ).toBe(20);
  });
});

describe('stepIndex', () => {
  it('moves and clamps', () => {
    expect(stepIndex(0, 'prev', 10, 5)).toBe(0);
    expect(stepIndex(0, 'next', 10, 5)).toBe(1);
    expect(stepIndex(3, 'last', 10, 5)).toBe(9);
    expect(stepIndex(8, 'pageDown', 10, 5)).toBe(9);
    expect(stepIndex(8, 'pageUp', 10, 5)).toBe(3);
    expect(stepIndex(8, 'first', 10, 5)).toBe(0);
    expect(stepIndex(0, 'next', 0, 5)).toBe(-1);
  });
});
