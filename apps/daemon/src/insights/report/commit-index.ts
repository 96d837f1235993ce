import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-db';
import { exec } from '../../util/exec';
import type { CommitSummary } from './commit-summary';
import { logCommits, reachable } from './git-log';

/**
 * The commits of each project repository, indexed in `commit_facts` as the refs move: a report asks git only for
 * `git for-each-ref` (and, when a ref moved, for the commits not seen yet and the default branch's new commits), then
 * sums rows in SQL.
 */
export class CommitIndex {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly db: Db) {}

  /** Adds the repository's commits with `since <= at < until` (epoch ms) to `into`. */
  async summarize(
    repoPath: string,
    mainRef: string,
    since: number,
    until: number,
    into: CommitSummary,
  ): Promise<CommitSummary> {
    const refs = (await exec('git', ['for-each-ref', '--format=%(objectname)'], { cwd: repoPath })).stdout;
    await this.update(repoPath, mainRef, refs);
    const c = this.db.$client;
    const days = c
      .prepare(
        `SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, sum(on_main) AS main, sum(NOT on_main) AS branch,
                sum(lines_added) AS lines, sum(models IS NOT NULL) AS ai
           FROM commit_facts WHERE repo_path = ? AND at >= ? AND at < ? GROUP BY day`,
      )
      .all(repoPath, since, until) as Array<{
      day: string;
      main: number;
      branch: number;
      lines: number;
      ai: number;
    }>;
    for (const d of days) {
      const day = into.days.get(d.day) ?? { main: 0, branch: 0, lines: 0 };
      day.main += d.main;
      day.branch += d.branch;
      day.lines += d.lines;
      into.days.set(d.day, day);
      into.commits += d.main + d.branch;
      into.linesAdded += d.lines;
      into.aiCommits += d.ai;
    }
    const models = c
      .prepare(
        `SELECT models, count(*) AS n FROM commit_facts
          WHERE repo_path = ? AND at >= ? AND at < ? AND models IS NOT NULL GROUP BY models`,
      )
      .all(repoPath, since, until) as Array<{ models: string; n: number }>;
    for (const m of models)
      for (const name of JSON.parse(m.models) as string[])
        into.models.set(name, (into.models.get(name) ?? 0) + m.n);
    return into;
  }

  /** Indexes what moved since the last scan (one scan at a time per repository). */
  private update(repoPath: string, mainRef: string, refs: string): Promise<void> {
    const prev = this.running.get(repoPath) ?? Promise.resolve();
    const next = prev.then(() => this.scan(repoPath, mainRef, refs));
    this.running.set(repoPath, next);
    return next.finally(() => {
      if (this.running.get(repoPath) === next) this.running.delete(repoPath);
    });
  }

  private async scan(repoPath: string, mainRef: string, refs: string): Promise<void> {
    const key = createHash('sha1').update(mainRef).update('\n').update(refs).digest('hex');
    const c = this.db.$client;
    const last = c
      .prepare('SELECT tips, refs_key AS refsKey, main_tip AS mainTip FROM commit_scans WHERE repo_path = ?')
      .get(repoPath) as { tips: string; refsKey: string; mainTip: string | null } | undefined;
    if (last?.refsKey === key) return;
    const tips = [...new Set(refs.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l)))];
    const known = last ? (JSON.parse(last.tips) as string[]) : [];
    // A tip known before may be gone (a branch deleted and collected): then everything is read again.
    const commits = await logCommits(repoPath, known).catch(() => logCommits(repoPath, []));
    const mainTip = await tipOf(repoPath, mainRef);
    const main = await this.mainMoves(repoPath, last?.mainTip ?? null, mainTip);
    const insert = c.prepare(
      'INSERT OR IGNORE INTO commit_facts (repo_path, sha, at, lines_added, models) VALUES (?, ?, ?, ?, ?)',
    );
    const clear = c.prepare('UPDATE commit_facts SET on_main = 0 WHERE repo_path = ? AND on_main');
    const mark = c.prepare('UPDATE commit_facts SET on_main = 1 WHERE repo_path = ? AND sha = ?');
    const save = c.prepare(
      `INSERT INTO commit_scans (repo_path, tips, refs_key, main_tip, scanned_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (repo_path) DO UPDATE SET tips = excluded.tips, refs_key = excluded.refs_key,
       main_tip = excluded.main_tip, scanned_at = excluded.scanned_at`,
    );
    c.transaction(() => {
      for (const f of commits)
        insert.run(repoPath, f.sha, f.at, f.linesAdded, f.models.length ? JSON.stringify(f.models) : null);
      if (main.reset) clear.run(repoPath);
      for (const sha of main.shas) mark.run(repoPath, sha);
      // Only the current tips are kept: a commit seen again later (a deleted branch's, now on another) is ignored.
      save.run(repoPath, JSON.stringify(tips), key, mainTip || null, new Date().toISOString());
    })();
  }

  /**
   * Commits that joined the default branch: those after the last tip seen when the branch moved forward, else
   * (rewritten, or first scan) all of it, with the old marks cleared.
   */
  private async mainMoves(
    repoPath: string,
    oldTip: string | null,
    tip: string,
  ): Promise<{ reset: boolean; shas: Set<string> }> {
    if (!tip) return { reset: oldTip !== null, shas: new Set() };
    if (oldTip === tip) return { reset: false, shas: new Set() };
    const forward =
      oldTip !== null &&
      (await exec('git', ['merge-base', '--is-ancestor', oldTip, tip], { cwd: repoPath })
        .then(() => true)
        .catch(() => false));
    return { reset: !forward, shas: await reachable(repoPath, forward ? [tip, `^${oldTip}`] : [tip]) };
  }
}

async function tipOf(repoPath: string, ref: string): Promise<string> {
  return exec('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoPath })
    .then((r) => r.stdout.trim())
    .catch(() => '');
}
