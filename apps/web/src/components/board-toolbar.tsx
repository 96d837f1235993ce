'use client';
import type { Project } from '@ao/shared/api';
import type { BoardFilter } from '../lib/board';
import type { Density } from '../lib/prefs';
import { CardsIcon, RowsIcon } from './icons';
import { inputClass } from './ui';

const segment =
  'inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500';

export interface ViewPrefs {
  density: Density;
  grouped: boolean;
}

/** Project filter, search, density (cards or rows) and grouping by project. */
export function BoardToolbar({
  projects,
  filter,
  onFilter,
  view,
  onView,
}: {
  projects: readonly Project[];
  filter: BoardFilter;
  onFilter: (f: BoardFilter) => void;
  view: ViewPrefs;
  onView: (v: ViewPrefs) => void;
}) {
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <select
        aria-label="Project"
        className={`${inputClass} sm:w-56`}
        value={filter.project ?? ''}
        onChange={(e) => onFilter({ ...filter, project: e.target.value || null })}
      >
        <option value="">All projects</option>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <input
        type="search"
        aria-label="Search sessions"
        placeholder="Search task, id, branch, agent, PR…"
        className={inputClass}
        value={filter.query}
        onChange={(e) => onFilter({ ...filter, query: e.target.value })}
      />
      <div className="flex shrink-0 items-center gap-2">
        <fieldset className="flex gap-0.5 rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-800">
          <legend className="sr-only">Density</legend>
          {(['comfortable', 'compact'] as const).map((d) => (
            <button
              key={d}
              type="button"
              aria-pressed={view.density === d}
              data-testid={`density-${d}`}
              aria-label={d === 'comfortable' ? 'Cards' : 'Compact rows'}
              title={d === 'comfortable' ? 'Cards' : 'Compact rows'}
              onClick={() => onView({ ...view, density: d })}
              className={`${segment} ${view.density === d ? 'bg-white shadow dark:bg-zinc-950' : 'text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200'}`}
            >
              {d === 'comfortable' ? <CardsIcon /> : <RowsIcon />}
              <span className="hidden lg:inline">{d === 'comfortable' ? 'Cards' : 'Rows'}</span>
            </button>
          ))}
        </fieldset>
        <label className="flex items-center gap-1.5 whitespace-nowrap text-sm text-zinc-600 dark:text-zinc-300">
          <input
            type="checkbox"
            checked={view.grouped}
            onChange={(e) => onView({ ...view, grouped: e.target.checked })}
            data-testid="group-by-project"
            className="h-4 w-4 accent-indigo-600"
          />
          Group by project
        </label>
      </div>
    </div>
  );
}
