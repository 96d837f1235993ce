import { describe, expect, it } from 'vitest';
import { indexAt, layout, stepIndex, visibleRange } from './windowing';

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
