import uPlot from 'uplot';
import type { Categories, Columns } from '../../lib/insights';

/** uPlot options of the Insights charts (canvas): colours by theme, grouped bars, a category or a time x axis. */

export const PALETTE = ['#6366f1', '#14b8a6', '#f59e0b', '#f43f5e'];

function themeAxis(dark: boolean, label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  const ink = dark ? '#a1a1aa' : '#52525b';
  const grid = dark ? '#27272a' : '#e4e4e7';
  return {
    stroke: ink,
    label,
    labelFont: '600 11px ui-sans-serif, system-ui, sans-serif',
    font: '11px ui-sans-serif, system-ui, sans-serif',
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    ...extra,
  };
}

/** Bar `k` of `count` in each group, the group `step` x-units wide (80% of it filled), centred on its x. */
function groupedBars(k: number, count: number, step: number): uPlot.Series.PathBuilder {
  const width = (step * 0.8) / count;
  return uPlot.paths.bars?.({
    disp: {
      x0: { unit: 1, values: (u) => (u.data[0] as number[]).map((x) => x - step * 0.4 + k * width) },
      size: { unit: 1, values: () => [width] },
    },
  }) as uPlot.Series.PathBuilder;
}

function barSeries(label: string, k: number, count: number, step: number): uPlot.Series {
  const color = PALETTE[k % PALETTE.length] ?? '#6366f1';
  return {
    label,
    stroke: color,
    fill: `${color}cc`,
    width: 0,
    paths: groupedBars(k, count, step),
    points: { show: false },
  };
}

/** Daily activity: commits on main and on branches as bars, PRs merged as points (left axis), lines added (right). */
export function dailyOptions(cols: Columns, width: number, dark: boolean): uPlot.Options {
  const [main, branch, merged, lines] = cols.series;
  const day = 86_400;
  return {
    width,
    height: 260,
    scales: {
      x: { time: true, range: (_u, min, max) => [min - day / 2, max + day / 2] },
      lines: { auto: true },
    },
    series: [
      { label: 'day', value: (_u, v) => (v == null ? '' : new Date(v * 1000).toISOString().slice(0, 10)) },
      barSeries(main?.label ?? 'main commits', 0, 2, day),
      barSeries(branch?.label ?? 'branch commits', 1, 2, day),
      {
        label: merged?.label ?? 'PRs merged',
        stroke: PALETTE[2],
        width: 0,
        paths: () => null,
        points: { show: true, size: 7, fill: PALETTE[2] },
      },
      {
        label: lines?.label ?? 'lines added',
        stroke: PALETTE[3],
        width: 1.5,
        scale: 'lines',
        points: { show: false },
      },
    ],
    axes: [
      themeAxis(dark, 'day (UTC)', {
        space: 50,
        // Whole days only, labelled MM-DD (uPlot's default time ticks would add hours).
        incrs: [day, 2 * day, 7 * day, 14 * day, 28 * day],
        values: (_u, splits) => splits.map((s) => new Date(s * 1000).toISOString().slice(5, 10)),
      }),
      themeAxis(dark, 'commits, PRs merged'),
      themeAxis(dark, 'lines added', { side: 1, scale: 'lines', grid: { show: false } }),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

/** Grouped bars by category (branches, reviewer kinds), labels on the x axis. */
export function categoryOptions(
  cats: Categories,
  width: number,
  dark: boolean,
  yLabel: string,
  xLabel: string,
): uPlot.Options {
  const n = cats.labels.length;
  const short = (s: string) => (s.length > 16 ? `${s.slice(0, 15)}…` : s);
  return {
    width,
    height: 240,
    scales: {
      x: { time: false, range: [-0.5, Math.max(0.5, n - 0.5)] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    series: [
      { label: xLabel, value: (_u, v) => (v == null ? '' : (cats.labels[v] ?? '')) },
      ...cats.series.map((s, k) => barSeries(s.label, k, cats.series.length, 1)),
    ],
    axes: [
      themeAxis(dark, xLabel, {
        splits: () => cats.labels.map((_, i) => i),
        values: (_u, splits) => splits.map((i) => short(cats.labels[i] ?? '')),
        rotate: n > 6 ? -30 : 0,
        size: n > 6 ? 80 : 40,
      }),
      themeAxis(dark, yLabel),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

/** uPlot's aligned data from columns. */
export function alignedData(cols: Columns): uPlot.AlignedData {
  return [cols.x, ...cols.series.map((s) => s.values)];
}
