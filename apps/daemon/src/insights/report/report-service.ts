import { badRequest } from '@ao/shared/errors';
import type { Report } from '@ao/shared/report';
import type { Db } from '../../db/open-db';
import type { ProjectService } from '../../projects/project-service';
import { exec } from '../../util/exec';
import { lessonEffects } from '../lessons/lesson-effects';
import { ciCorrection } from './ci-correction';
import { CommitIndex } from './commit-index';
import { emptySummary } from './commit-summary';
import { longestFixLoops } from './fix-loops';
import { commitsByModel } from './models';
import { perDay } from './per-day';
import { reviewResolution } from './review-resolution';
import { reviewsByKind } from './reviewers';
import { sessionList } from './session-list';
import { totalsOf } from './totals';
import type { ReportWindow } from './window';

/** `7d`, `12h`, `30m`, `2w`, or an ISO date. */
export function parseSince(since: string | undefined, now: number): string {
  if (!since) return new Date(now - 7 * 86_400_000).toISOString();
  const m = /^(\d{1,5})([mhdw])$/.exec(since);
  if (m) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
    return new Date(now - Number(m[1]) * unit).toISOString();
  }
  const t = Date.parse(since);
  if (Number.isNaN(t))
    throw badRequest(`since: "${since}" is neither a duration (7d, 12h, 2w) nor a date`, 'since');
  return new Date(t).toISOString();
}

/** `ao report`: each section is its own query (one module each); commits come from git, cached by ref tips. */
export class ReportService {
  private readonly index: CommitIndex;

  constructor(
    private readonly db: Db,
    private readonly projects: ProjectService,
  ) {
    this.index = new CommitIndex(db);
  }

  /** `sessions`: also list up to that many sessions of the period (the Insights page's table, `ao report --sessions`). */
  async report(opts: { since?: string; project?: string; sessions?: number; now?: number }): Promise<Report> {
    const now = opts.now ?? Date.now();
    const since = parseSince(opts.since, now);
    const until = new Date(now + 1).toISOString();
    const loaded = opts.project ? [this.projects.get(opts.project)] : this.projects.loadedAll();
    const w: ReportWindow = { db: this.db, since, until, projectIds: loaded.map((p) => p.id) };
    const commits = emptySummary();
    const unreadable: Report['unreadable'] = [];
    const s = Date.parse(since);
    const repos = new Set<string>();
    for (const p of loaded) {
      if (repos.has(p.repoPath)) continue; // projects on one repository share its commits
      repos.add(p.repoPath);
      const { remote, defaultBranch } = p.config.project;
      const main = await this.mainRef(p.repoPath, remote, defaultBranch);
      // A repository git cannot read (moved, deleted) is named in the report; the rest is still counted.
      await this.index
        .summarize(p.repoPath, main, s, now + 1, commits)
        .catch((err: Error) => unreadable.push({ project: p.id, error: err.message.slice(0, 300) }));
    }
    return {
      since,
      until,
      projects: w.projectIds.slice(),
      unreadable,
      totals: totalsOf(w, commits),
      days: perDay(w, commits),
      models: commitsByModel(commits),
      reviewers: reviewsByKind(w),
      ci: ciCorrection(w),
      reviewComments: reviewResolution(w),
      fixLoops: longestFixLoops(w),
      lessons: lessonEffects(this.db, w.projectIds),
      ...(opts.sessions ? { sessions: sessionList(w, opts.sessions) } : {}),
    };
  }

  /** The default branch as the remote has it when known (the local one may lag), else the local branch. */
  private async mainRef(repoPath: string, remote: string, branch: string): Promise<string> {
    const remoteRef = `refs/remotes/${remote}/${branch}`;
    const ok = await exec('git', ['rev-parse', '--verify', '--quiet', remoteRef], { cwd: repoPath })
      .then(() => true)
      .catch(() => false);
    return ok ? remoteRef : `refs/heads/${branch}`;
  }
}
