'use client';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Whether the page is in dark mode (the `dark` class on <html>), following the theme toggle. */
function useDark(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setDark(root.classList.contains('dark'));
    read();
    const mo = new MutationObserver(read);
    mo.observe(root, { attributes: true, attributeFilter: ['class'] });
    return () => mo.disconnect();
  }, []);
  return dark;
}

/**
 * One uPlot canvas chart, as wide as its box (kept so on resize), redrawn in the theme's colours. The box gets
 * `data-drawn` once uPlot has drawn (tests and the benchmark wait on it).
 */
export function UplotChart({
  options,
  data,
  testId,
}: {
  options: (width: number, dark: boolean) => uPlot.Options;
  data: uPlot.AlignedData;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const dark = useDark();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.removeAttribute('data-drawn');
    const base = options(Math.max(200, el.clientWidth), dark);
    const drawn = () => el.setAttribute('data-drawn', '1');
    const opts: uPlot.Options = {
      ...base,
      hooks: { ...base.hooks, draw: [...(base.hooks?.draw ?? []), drawn] },
    };
    const chart = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (w !== chart.width) chart.setSize({ width: w, height: chart.height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.destroy();
    };
  }, [options, data, dark]);
  return <div ref={box} data-testid={testId} className="insights-chart w-full min-w-0" />;
}

/** A titled card around a chart, naming its axes in text (the canvas is not read by screen readers). */
export function ChartCard({
  title,
  axes,
  children,
  testId,
}: {
  title: string;
  axes: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <section
      aria-label={title}
      data-testid={testId}
      className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="text-sm font-semibold">{title}</h2>
      <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400" data-testid="chart-axes">
        {axes}
      </p>
      {children}
    </section>
  );
}
