'use client';
import {
  type KeyboardEvent,
  type ReactNode,
  type Ref,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { layout, stepIndex, visibleRange } from '../lib/windowing';

export interface ItemMeta {
  index: number;
  /** The one row of the list in the tab order (roving tabindex): the last one focused, else the first shown. */
  active: boolean;
}

interface Props<T> {
  items: readonly T[];
  /** Stable functions (module level): they key the measurements. */
  itemKey: (item: T) => string;
  estimate: (item: T) => number;
  /** Rows keyboard navigation lands on (headings are skipped). */
  focusable: (item: T) => boolean;
  renderItem: (item: T, meta: ItemMeta) => ReactNode;
  gap?: number;
  /** Pixels rendered beyond the visible part, above and below. */
  overscan?: number;
  /** Classes of the scroll container (give it a max height and `overflow-y-auto`). */
  className?: string;
  labelledBy?: string;
  testId?: string;
}

const keyMoves: Record<string, Parameters<typeof stepIndex>[1]> = {
  ArrowDown: 'next',
  ArrowUp: 'prev',
  Home: 'first',
  End: 'last',
  PageDown: 'pageDown',
  PageUp: 'pageUp',
};

/** A ResizeObserver that records item heights by key and says when one changed. */
function useItemMeasure(onChange: () => void) {
  const heights = useRef(new Map<string, number>());
  const observer = useRef<ResizeObserver | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const get = useCallback(() => {
    observer.current ??= new ResizeObserver((entries) => {
      let any = false;
      for (const e of entries) {
        const el = e.target as HTMLElement;
        const key = el.dataset['vkey'];
        const h = e.borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height;
        if (!key || h <= 0 || Math.abs((heights.current.get(key) ?? -1) - h) < 0.5) continue;
        heights.current.set(key, h);
        any = true;
      }
      if (any) changed.current();
    });
    return observer.current;
  }, []);
  useEffect(() => () => observer.current?.disconnect(), []);
  const measure = useCallback(
    (el: HTMLDivElement | null) => {
      if (!el) return;
      const ro = get();
      ro.observe(el);
      return () => ro.unobserve(el);
    },
    [get],
  );
  return { heights: heights.current, measure };
}

/** The scroll container's visible height and scroll position, as state. */
function useViewport(ref: { current: HTMLDivElement | null }) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(() => (typeof window === 'undefined' ? 800 : window.innerHeight));
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || window.innerHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  const onScroll = useCallback(() => setScrollTop(ref.current?.scrollTop ?? 0), [ref]);
  return { scrollTop, height, onScroll };
}

/**
 * Keyboard moves between the rows of a list (roving focus): which row holds focus (kept rendered by the list), and the
 * handlers. A move to a row not rendered yet records it; the list renders it, then the effect focuses it.
 */
function useRovingFocus(
  scrollRef: { current: HTMLDivElement | null },
  keys: readonly string[],
  stops: readonly number[],
  perPage: number,
) {
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [, setNudge] = useState(0);
  const pending = useRef<string | null>(null);

  useLayoutEffect(() => {
    const k = pending.current;
    if (!k) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-vkey="${CSS.escape(k)}"] [data-row]`);
    if (!el) return;
    pending.current = null;
    el.focus(); // the browser scrolls it into view; the scroll event moves the window
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const move = keyMoves[e.key];
    const target = e.target as HTMLElement;
    if (!move || e.altKey || e.ctrlKey || e.metaKey || target.closest('input,textarea,select')) return;
    if ((move === 'first' || move === 'last') && !target.hasAttribute('data-row')) return;
    const key = target.closest<HTMLElement>('[data-vkey]')?.dataset['vkey'];
    const from = stops.indexOf(key === undefined ? -1 : keys.indexOf(key));
    const to = from < 0 ? undefined : stops[stepIndex(from, move, stops.length, perPage)];
    if (to === undefined) return;
    e.preventDefault();
    pending.current = keys[to] as string;
    setFocusKey(keys[to] as string);
    setNudge((v) => v + 1); // re-render even when the key did not change, so the effect focuses it
  };

  const onFocus = (e: { target: EventTarget }) => {
    const key = (e.target as HTMLElement).closest<HTMLElement>('[data-vkey]')?.dataset['vkey'];
    if (key && key !== focusKey) setFocusKey(key);
  };

  return { focusKey, onKeyDown, onFocus };
}

/**
 * A windowed list: only the items near the visible part of its own scroll container are in the DOM (plus the one
 * holding focus), laid out in normal flow with margins standing in for the items not rendered, so a wrong height
 * estimate never overlaps items and the browser's scroll anchoring keeps the view steady while items get measured.
 * Keyboard: ArrowUp/ArrowDown, PageUp/PageDown, Home/End move focus between rows, scrolling as needed; Tab enters a
 * row's links and buttons. It is an ARIA feed: rows are articles with their position in the set.
 */
export function VirtualList<T>(p: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [version, setVersion] = useState(0);
  const { heights, measure } = useItemMeasure(() => setVersion((v) => v + 1));
  const view = useViewport(scrollRef);
  const gap = p.gap ?? 8;
  const { items, itemKey, estimate, focusable } = p;

  const keys = useMemo(() => items.map(itemKey), [items, itemKey]);
  // `version` changes when measured heights change (`heights` is one mutable map)
  const sizes = useMemo(
    () => items.map((it, i) => heights.get(keys[i] as string) ?? estimate(it)),
    [items, keys, estimate, heights, version],
  );
  const l = useMemo(() => layout(sizes, gap), [sizes, gap]);
  const stops = useMemo(() => items.flatMap((it, i) => (focusable(it) ? [i] : [])), [items, focusable]);
  const perPage = Math.max(1, Math.floor(view.height / Math.max(1, l.total / Math.max(1, items.length))));
  const { focusKey, onKeyDown, onFocus } = useRovingFocus(scrollRef, keys, stops, perPage);
  const range = visibleRange(l, view.scrollTop, view.height, p.overscan ?? 600);
  const focusIndex = focusKey === null ? -1 : keys.indexOf(focusKey);
  const shown = renderedIndices(range, focusIndex);
  const activeIndex = focusIndex >= 0 ? focusIndex : (shown.find((i) => focusable(items[i] as T)) ?? -1);

  const last = shown[shown.length - 1];
  const bottom = last === undefined ? 0 : l.total - ((l.starts[last] ?? 0) + (sizes[last] ?? 0));
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keys are handled for the rows inside (a feed)
    <div
      ref={scrollRef}
      className={p.className}
      onScroll={view.onScroll}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      data-testid={p.testId}
    >
      <div role="feed" aria-labelledby={p.labelledBy} aria-busy="false" style={{ paddingBottom: bottom }}>
        {shown.map((i, n) => {
          const prev = n > 0 ? (shown[n - 1] as number) : -1;
          const top = l.starts[i] ?? 0;
          const marginTop = prev < 0 ? top : top - ((l.starts[prev] ?? 0) + (sizes[prev] ?? 0));
          return (
            <div key={keys[i]} data-vkey={keys[i]} ref={measure as Ref<HTMLDivElement>} style={{ marginTop }}>
              {p.renderItem(items[i] as T, { index: i, active: i === activeIndex })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The indices to render: the visible range, plus the focused item wherever it is, in order. */
function renderedIndices(range: { start: number; end: number }, focusIndex: number): number[] {
  const out: number[] = [];
  if (focusIndex >= 0 && focusIndex < range.start) out.push(focusIndex);
  for (let i = range.start; i < range.end; i++) out.push(i);
  if (focusIndex >= range.end) out.push(focusIndex);
  return out;
}
