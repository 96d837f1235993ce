import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-db';
import { exec } from '../../util/exec';
import { type CommitFact, logCommits, reachable } from './git-log';

/** A commit as a report section reads it. */
export interface ReportCommit extends CommitFact {
  /** Reachable from the default branch. */
  onMain: boolean;
}

/**
 * The commits of each project repository, indexed in `commit_facts` as the refs move: a report asks git only for
 * `git for-each-ref` (and, when a ref moved, the commits not seen yet), then reads rows. Which commits are on the
 * default branch is a `git rev-list`, kept in memory per tip.
 */
export class CommitIndex {
  private readonly main = new Map<string, { tip: string; shas: Set<string> }>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly db: Db) {}

  async commits(repoPath: string, mainRef: string, since: number, until: number): Promise<ReportCommit[]> {
    const refs = (await exec('git', ['for-each-ref', '--format=%(objectname)'], { cwd: repoPath })).stdout;
    await this.update(repoPath, refs);
    const tip = refs ? await this.tipOf(repoPath, mainRef) : '';
    const main = await this.mainShas(repoPath, tip);
    const rows = this.db.$client
      .prepare(
        'SELECT sha, at, lines_added AS linesAdded, models FROM commit_facts WHERE repo_path = ? AND at >= ? AND at < ?',
      )
      .raw()
      .all(repoPath, since, until) as Array<[string, number, number, string | null]>;
    return rows.map(([sha, at, linesAdded, models]) => ({
      sha,
      at,
      linesAdded,
      models: models ? (JSON.parse(models) as string[]) : [],
      onMain: main.has(sha),
    }));
  }

  /** Indexes the commits of refs that moved since the last scan (one at a time per repository). */
  private update(repoPath: string, refs: string): Promise<void> {
    const prev = this.running.get(repoPath) ?? Promise.resolve();
    const next = prev.then(() => this.scan(repoPath, refs));
    this.running.set(repoPath, next);
    return next.finally(() => {
      if (this.running.get(repoPath) === next) this.running.delete(repoPath);
    });
  }

  private async scan(repoPath: string, refs: string): Promise<void> {
    const key = createHash('sha1').update(refs).digest('hex');
    const c = this.db.$client;
    const last = c
      .prepare('SELECT tips, refs_key AS refsKey FROM commit_scans WHERE repo_path = ?')
      .get(repoPath) as { tips: string; refsKey: string } | undefined;
    if (last?.refsKey === key) return;
    const tips = [...new Set(refs.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l)))];
    const known = last ? (JSON.parse(last.tips) as string[]) : [];
    // A tip known before may be gone (a branch deleted and collected): then everything is read again.
    const commits = await logCommits(repoPath, known).catch(() => logCommits(repoPath, []));
    // Only the current tips are kept: a commit seen again later (a deleted branch's, now on another) is ignored.
    const insert = c.prepare(
      'INSERT OR IGNORE INTO commit_facts (repo_path, sha, at, lines_added, models) VALUES (?, ?, ?, ?, ?)',
    );
    const save = c.prepare(
      `INSERT INTO commit_scans (repo_path, tips, refs_key, scanned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (repo_path) DO UPDATE SET tips = excluded.tips, refs_key = excluded.refs_key,
       scanned_at = excluded.scanned_at`,
    );
    c.transaction(() => {
      for (const f of commits)
        insert.run(repoPath, f.sha, f.at, f.linesAdded, f.models.length ? JSON.stringify(f.models) : null);
      save.run(repoPath, JSON.stringify(tips), key, new Date().toISOString());
    })();
  }

  private async tipOf(repoPath: string, ref: string): Promise<string> {
    return (await exec('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repoPath })
      .then((r) => r.stdout.trim())
      .catch(() => '')) as string;
  }

  private async mainShas(repoPath: string, tip: string): Promise<Set<string>> {
    if (!tip) return new Set();
    const hit = this.main.get(repoPath);
    if (hit?.tip === tip) return hit.shas;
    const shas = await reachable(repoPath, tip);
    this.main.set(repoPath, { tip, shas });
    return shas;
  }
}
