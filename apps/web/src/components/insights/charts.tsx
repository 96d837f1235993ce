'use client';
import type { Report } from '@ao/shared/report';
import { useCallback, useMemo } from 'react';
import { ciColumns, dailyColumns, reviewerColumns } from '../../lib/insights';
import { alignedData, categoryOptions, dailyOptions } from './chart-options';
import { ChartCard, UplotChart } from './uplot-chart';

export function DailyChart({ report }: { report: Report }) {
  const cols = useMemo(() => dailyColumns(report), [report]);
  const data = useMemo(() => alignedData(cols), [cols]);
  const options = useCallback((w: number, dark: boolean) => dailyOptions(cols, w, dark), [cols]);
  return (
    <ChartCard
      title="Daily activity"
      axes="x: day (UTC) · left axis: commits on main and on branches (bars), PRs merged (dots) · right axis: lines added"
      testId="insights-daily"
    >
      <UplotChart options={options} data={data} testId="chart-daily" />
    </ChartCard>
  );
}

export function CiChart({ report }: { report: Report }) {
  const cats = useMemo(() => ciColumns(report.ci), [report]);
  const data = useMemo(() => alignedData(cats), [cats]);
  const options = useCallback(
    (w: number, dark: boolean) => categoryOptions(cats, w, dark, 'CI runs', 'branch'),
    [cats],
  );
  return (
    <ChartCard
      title="CI fail → fix per branch"
      axes={`x: branch (${cats.labels.length} of ${report.ci.length}, most failures first) · y: failures, fix cycles, flaky, successes`}
      testId="insights-ci"
    >
      {cats.labels.length ? (
        <UplotChart options={options} data={data} testId="chart-ci" />
      ) : (
        <p className="py-8 text-center text-sm text-zinc-500">No branch met CI in this period.</p>
      )}
    </ChartCard>
  );
}

export function ReviewersChart({ report }: { report: Report }) {
  const cats = useMemo(() => reviewerColumns(report.reviewers), [report]);
  const data = useMemo(() => alignedData(cats), [cats]);
  const options = useCallback(
    (w: number, dark: boolean) => categoryOptions(cats, w, dark, 'count', 'reviewer kind'),
    [cats],
  );
  return (
    <ChartCard
      title="Reviews by reviewer kind"
      axes="x: reviewer kind (human, bot, agent) · y: reviews and inline comments"
      testId="insights-reviewers"
    >
      <UplotChart options={options} data={data} testId="chart-reviewers" />
    </ChartCard>
  );
}
