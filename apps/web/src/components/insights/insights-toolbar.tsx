'use client';
import type { Project } from '@ao/shared/api';
import { RANGES, type Range } from '../../lib/insights';
import { Button, inputClass } from '../ui';

const segment =
  'rounded-md px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500';

/** Range (7/30/90 days → the report's `since`) and project (→ `project`) of the Insights page. */
export function InsightsToolbar({
  projects,
  range,
  project,
  onRange,
  onProject,
  onRefresh,
  loading,
}: {
  projects: readonly Project[];
  range: Range;
  project: string | null;
  onRange: (r: Range) => void;
  onProject: (p: string | null) => void;
  onRefresh: () => void;
  loading: boolean;
}) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <h1 className="mr-auto text-lg font-semibold">Insights</h1>
      <select
        aria-label="Project"
        className={`${inputClass} sm:w-56`}
        value={project ?? ''}
        onChange={(e) => onProject(e.target.value || null)}
      >
        <option value="">All projects</option>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <fieldset className="flex shrink-0 gap-0.5 rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-800">
        <legend className="sr-only">Range</legend>
        {RANGES.map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={range === r}
            data-testid={`range-${r}`}
            onClick={() => onRange(r)}
            className={`${segment} ${
              range === r
                ? 'bg-white text-zinc-900 shadow-sm dark:bg-zinc-950 dark:text-zinc-100'
                : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100'
            }`}
          >
            {r.replace('d', ' days')}
          </button>
        ))}
      </fieldset>
      <Button onClick={onRefresh} disabled={loading} data-testid="insights-refresh">
        {loading ? 'Loading…' : 'Refresh'}
      </Button>
    </div>
  );
}
