import type { CheckClass } from '@ao/shared/config-checks';
import type Database from 'better-sqlite3';
import type { Db } from '../../db/open-db';
import type { OutcomeRow } from './classify';

/** A finished check outcome to keep. */
export interface Outcome {
  repo: string;
  name: string;
  runKey: string;
  attempt?: number;
  headSha: string;
  branch: string | null;
  prNumber: number | null;
  onDefault: boolean;
  conclusion: string;
  failed: boolean;
  checkRunId: number | null;
  durationMs?: number | null;
  at: string;
}

export interface Decision {
  repo: string;
  headSha: string;
  name: string;
  class: CheckClass;
  reason: string;
  action: 'rerun' | 'notified' | 'held' | 'woke';
  rerunOf: number | null;
  at: string;
}

export interface DecisionListItem {
  repo: string;
  check: string;
  sha: string;
  branch: string | null;
  prNumber: number | null;
  class: CheckClass;
  reason: string;
  action: string;
  decidedAt: string;
  lastSeen: string;
}

/** Rows kept per repository at most; the oldest go first. */
export const MAX_PER_REPO = 200_000;

/** Recent outcomes read per classification (any branch); the default branch's are read apart. */
export const RECENT_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

/** The classify query: one statement, two index range scans (`check_outcomes_name_idx`, `..._default_idx`). */
const CLASSIFY_SQL = `
  SELECT * FROM (
    SELECT 0 AS part, head_sha, branch, pr_number, on_default, failed, at FROM check_outcomes
    WHERE repo = @repo AND name = @name ORDER BY at DESC LIMIT @recent)
  UNION ALL
  SELECT * FROM (
    SELECT 1 AS part, head_sha, branch, pr_number, on_default, failed, at FROM check_outcomes
    WHERE repo = @repo AND name = @name AND on_default = 1 ORDER BY at DESC LIMIT @onDefault)`;

interface RawRow {
  part: number;
  head_sha: string;
  branch: string | null;
  pr_number: number | null;
  on_default: number;
  failed: number;
  at: string;
}

/**
 * `check_outcomes` and `check_decisions`: outcomes kept once per (repo, run key, attempt), the history read for one
 * classification in one indexed query, and the durable decisions. Prepared statements on the daemon's connection.
 */
export class CheckStore {
  private readonly insert: Database.Statement;
  private readonly history: Database.Statement;
  private readonly getDecision: Database.Statement;
  private readonly lastNotice: Database.Statement;
  private readonly putDecision: Database.Statement;
  private readonly pruneOld: Database.Statement;
  private readonly pruneOver: Database.Statement;
  private readonly listQuery: Database.Statement;
  private inserted = 0;

  constructor(db: Db | Database.Database) {
    const sqlite = 'prepare' in db ? db : db.$client;
    this.insert = sqlite.prepare(
      `INSERT INTO check_outcomes (repo, name, run_key, attempt, head_sha, branch, pr_number, on_default, conclusion,
         failed, check_run_id, duration_ms, at)
       VALUES (@repo, @name, @runKey, @attempt, @headSha, @branch, @prNumber, @onDefault, @conclusion, @failed,
         @checkRunId, @durationMs, @at)
       ON CONFLICT (repo, run_key, attempt) DO NOTHING`,
    );
    this.history = sqlite.prepare(CLASSIFY_SQL);
    this.getDecision = sqlite.prepare(
      'SELECT * FROM check_decisions WHERE repo = ? AND head_sha = ? AND name = ?',
    );
    this.lastNotice = sqlite.prepare(
      `SELECT max(at) AS at FROM check_decisions
        WHERE repo = ? AND name = ? AND class = 'broken-base' AND action = 'notified'`,
    );
    this.putDecision = sqlite.prepare(
      `INSERT INTO check_decisions (repo, head_sha, name, class, reason, action, rerun_of, at)
       VALUES (@repo, @headSha, @name, @class, @reason, @action, @rerunOf, @at)
       ON CONFLICT (repo, head_sha, name) DO UPDATE SET class = excluded.class, reason = excluded.reason,
         action = excluded.action, rerun_of = excluded.rerun_of, at = excluded.at`,
    );
    this.listQuery = sqlite.prepare(
      `SELECT d.repo, d.head_sha, d.name, d.class, d.reason, d.action, d.at,
         o.branch, o.pr_number, o.last_seen FROM check_decisions d
       LEFT JOIN (SELECT repo, head_sha, name, max(branch) AS branch, max(pr_number) AS pr_number,
                    max(at) AS last_seen FROM check_outcomes
                  WHERE repo IN (SELECT value FROM json_each(@repos)) GROUP BY repo, head_sha, name) o
         ON o.repo = d.repo AND o.head_sha = d.head_sha AND o.name = d.name
       WHERE d.repo IN (SELECT value FROM json_each(@repos)) AND (@flaky = 0 OR d.class = 'flaky')
       ORDER BY d.at DESC LIMIT @limit`,
    );
    this.pruneOld = sqlite.prepare('DELETE FROM check_outcomes WHERE at < ?');
    this.pruneOver = sqlite.prepare(
      `DELETE FROM check_outcomes WHERE repo = @repo AND id <= (
         SELECT id FROM check_outcomes WHERE repo = @repo ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
    );
  }

  /** Keeps an outcome; false when it was already kept (same run and attempt). */
  record(o: Outcome): boolean {
    const changes = this.insert.run({
      ...o,
      repo: o.repo.toLowerCase(),
      attempt: o.attempt ?? 1,
      onDefault: o.onDefault ? 1 : 0,
      failed: o.failed ? 1 : 0,
      durationMs: o.durationMs ?? null,
    }).changes;
    if (changes === 1 && ++this.inserted % 10_000 === 0) this.pruneRepo(o.repo);
    return changes === 1;
  }

  /** The classify query: the check's recent outcomes and the default branch's, newest first. */
  historyOf(
    repo: string,
    name: string,
    recent = RECENT_LIMIT,
  ): { recent: OutcomeRow[]; onDefault: OutcomeRow[] } {
    const rows = this.history.all({
      repo: repo.toLowerCase(),
      name,
      recent,
      onDefault: DEFAULT_LIMIT,
    }) as RawRow[];
    const out = { recent: [] as OutcomeRow[], onDefault: [] as OutcomeRow[] };
    for (const r of rows) {
      const row: OutcomeRow = {
        headSha: r.head_sha,
        branch: r.branch,
        prNumber: r.pr_number,
        onDefault: r.on_default === 1,
        failed: r.failed === 1,
        at: r.at,
      };
      (r.part === 0 ? out.recent : out.onDefault).push(row);
    }
    return out;
  }

  decision(repo: string, headSha: string, name: string): Decision | null {
    const r = this.getDecision.get(repo.toLowerCase(), headSha, name) as
      | (Omit<Decision, 'headSha' | 'rerunOf'> & { head_sha: string; rerun_of: number | null })
      | undefined;
    if (!r) return null;
    return { ...r, headSha: r.head_sha, rerunOf: r.rerun_of };
  }

  /** When the human was last told that this check is broken on the base (null: never). */
  lastBrokenNotice(repo: string, name: string): string | null {
    return (this.lastNotice.get(repo.toLowerCase(), name) as { at: string | null } | undefined)?.at ?? null;
  }

  decide(d: Decision): void {
    this.putDecision.run({ ...d, repo: d.repo.toLowerCase() });
  }

  /** Decisions about failing checks in these repositories, newest first, with where they failed. */
  list(repos: string[], opts: { flaky?: boolean; limit?: number } = {}): DecisionListItem[] {
    const rows = this.listQuery.all({
      repos: JSON.stringify(repos.map((r) => r.toLowerCase())),
      flaky: opts.flaky ? 1 : 0,
      limit: opts.limit ?? 200,
    }) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      repo: String(r.repo),
      check: String(r.name),
      sha: String(r.head_sha),
      branch: (r.branch as string | null) ?? null,
      prNumber: (r.pr_number as number | null) ?? null,
      class: r.class as CheckClass,
      reason: String(r.reason),
      action: String(r.action),
      decidedAt: String(r.at),
      lastSeen: (r.last_seen as string | null) ?? String(r.at),
    }));
  }

  /** Forgets outcomes older than `before` (ISO) and keeps at most MAX_PER_REPO per repository. */
  prune(before: string): number {
    return this.pruneOld.run(before).changes;
  }

  pruneRepo(repo: string, keep = MAX_PER_REPO): number {
    return this.pruneOver.run({ repo: repo.toLowerCase(), keep }).changes;
  }
}
