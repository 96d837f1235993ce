import { parseBlockers } from '@ao/shared/dependencies';
import type { IssueRef } from '@ao/shared/session';
import type { ProjectService } from '../projects/project-service';
import type { SessionPort } from '../sessions/port';

/**
 * Starts sessions for open issues of the project's tracker (GitHub, Linear, Jira) matching the project's
 * `github.autoPickup` filters (one of `labels` when set; `states` and `assignee` applied by the tracker's own query),
 * up to `maxConcurrent` active ones; pickup is off while none of the three is set; an issue that already has a session (in any state) is
 * never picked twice (by key, else number). An issue whose body says "blocked by #N" / "depends on #N" waits while
 * #N is still among the open issues. Throttled to the project's poll interval unless `force` (an `issues` webhook).
 */
export class AutoPickup {
  private readonly lastRun = new Map<string, number>();

  constructor(
    private readonly sessions: SessionPort,
    private readonly projects: ProjectService,
  ) {}

  async run(projectId: string, force = false): Promise<string[]> {
    const project = this.projects.get(projectId);
    const { labels, states, assignee, maxConcurrent } = project.config.github.autoPickup;
    const { tracker: trackerName } = project.config;
    if (
      (!labels.length && !states && assignee === undefined) ||
      trackerName === 'none' ||
      (trackerName === 'github' && !project.config.project.repo)
    )
      return [];
    const now = Date.now();
    const interval = project.config.github.pollIntervalSec * 1000;
    if (!force && now - (this.lastRun.get(projectId) ?? 0) < interval) return [];
    this.lastRun.set(projectId, now);
    const { repo, tracker } = this.projects.trackerOf(projectId);
    const rows = this.sessions.rows(projectId);
    const taken = new Set(rows.flatMap((r) => (r.issue ? [issueIdOf(r.issue as IssueRef)] : [])));
    let active = rows.filter(
      (r) => r.issue && ['spawning', 'running', 'exited', 'runtime_lost'].includes(r.status),
    ).length;
    const started: string[] = [];
    const filtered = states !== undefined || assignee !== undefined;
    const open = await tracker.listOpen(repo, filtered ? { states, assignee } : undefined);
    // A blocker may be open outside the filters: read all open issues once, only when some issue names one.
    let openNumbers: Set<number> | undefined;
    const isOpen = async (n: number) => {
      openNumbers ??= new Set((filtered ? await tracker.listOpen(repo) : open).map((i) => i.number));
      return openNumbers.has(n);
    };
    for (const issue of open) {
      if (active >= maxConcurrent) break;
      const id = issueIdOf(issue);
      if (taken.has(id) || (labels.length && !issue.labels.some((l) => labels.includes(l)))) continue;
      const blockers = parseBlockers(issue.body).filter((n) => n !== issue.number);
      if ((await Promise.all(blockers.map(isOpen))).some(Boolean)) continue;
      const session = await this.sessions.spawn({ project: projectId, issue: id });
      started.push(session.id);
      active++;
    }
    return started;
  }
}

/** How an issue is named to spawn: its tracker key (`ENG-42`), else its number. */
const issueIdOf = (issue: { number: number; key?: string }): number | string => issue.key ?? issue.number;
