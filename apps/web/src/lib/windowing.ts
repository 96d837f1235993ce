/**
 * The arithmetic of a windowed (virtualized) list: where each item starts given the sizes known so far, and which
 * items intersect the visible part of the scroll container. No DOM here; `components/virtual-list.tsx` uses it.
 */

export interface Layout {
  /** Where each item starts, from the top of the list. */
  starts: number[];
  /** The height of the whole list (no trailing gap). */
  total: number;
}

export function layout(sizes: readonly number[], gap: number): Layout {
  const starts = new Array<number>(sizes.length);
  let y = 0;
  for (let i = 0; i < sizes.length; i++) {
    starts[i] = y;
    y += (sizes[i] as number) + gap;
  }
  return { starts, total: sizes.length ? y - gap : 0 };
}

/** The index of the item at height `y` (the last one starting at or above it); 0 for an empty list. */
export function indexAt(starts: readonly number[], y: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The items `[start, end)` that intersect the viewport, widened by `overscan` pixels on both sides. */
export function visibleRange(
  l: Layout,
  scrollTop: number,
  viewport: number,
  overscan: number,
): { start: number; end: number } {
  const n = l.starts.length;
  if (n === 0) return { start: 0, end: 0 };
  const start = indexAt(l.starts, Math.max(0, scrollTop - overscan));
  const end = Math.min(n, indexAt(l.starts, scrollTop + viewport + overscan) + 1);
  return { start, end };
}

/** Which item keyboard navigation lands on from `from` (clamped to the list). */
export function stepIndex(
  from: number,
  key: 'next' | 'prev' | 'first' | 'last' | 'pageDown' | 'pageUp',
  count: number,
  perPage: number,
): number {
  if (count === 0) return -1;
  const page = Math.max(1, perPage);
  const to =
    key === 'next'
      ? from + 1
      : key === 'prev'
        ? from - 1
        : key === 'first'
          ? 0
          : key === 'last'
            ? count - 1
            : key === 'pageDown'
              ? from + page
              : from - page;
  return Math.max(0, Math.min(count - 1, to));
}
