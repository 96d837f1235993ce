import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Commits made `daysAgo` days back (author and committer date), two on `main` (one co-authored) and one on a branch. */
export function seedCommits(repo: string, now: number): void {
  const env = (daysAgo: number) => {
    const date = new Date(now - daysAgo * DAY).toISOString();
    return {
      ...process.env,
      GIT_AUTHOR_NAME: 'agent',
      GIT_AUTHOR_EMAIL: 'agent@test.invalid',
      GIT_COMMITTER_NAME: 'agent',
      GIT_COMMITTER_EMAIL: 'agent@test.invalid',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_CONFIG_NOSYSTEM: '1',
    };
  };
  const git = (args: string[], daysAgo = 0) => execFileSync('git', args, { cwd: repo, env: env(daysAgo) });
  const commit = (file: string, lines: number, daysAgo: number, model: string | null) => {
    writeFileSync(join(repo, file), Array.from({ length: lines }, (_, i) => `line ${i}\n`).join(''));
    git(['add', file], daysAgo);
    const msg = model ? `${file}\n\nCo-Authored-By: ${model} <noreply@anthropic.com>` : file;
    git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', msg], daysAgo);
  };
  commit('a.txt', 10, 3, 'claude-sonnet-4-5');
  commit('b.txt', 5, 3, null);
  git(['push', '-q', 'origin', 'main']);
  git(['checkout', '-q', '-b', 'ao/demo-901']);
  commit('c.txt', 20, 2, 'claude-sonnet-4-5');
  commit('d.txt', 4, 2, 'claude-sonnet-4-5');
  git(['checkout', '-q', 'main']);
}

/** Replaces a repository's history with one commit `daysAgo` days old (pushed): a project with nothing recent. */
export function ageHistory(repo: string, daysAgo: number, now: number): void {
  const date = new Date(now - daysAgo * DAY).toISOString();
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: '1' };
  const git = (args: string[]) => execFileSync('git', args, { cwd: repo, env });
  git(['checkout', '-q', '--orphan', 'aged']);
  git(['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'old history']);
  git(['branch', '-q', '-M', 'main']);
  git(['push', '-q', '-f', 'origin', 'main']);
}

/**
 * Session outcomes as the daemon's recorder writes them (written beside the running daemon: SQLite in WAL mode):
 * demo-901 merged after 4 h with 2 CI failures fixed (1 flaky) and 3 review rounds; demo-902 live with a failing CI;
 * demo-903 killed without a PR; demo-900 merged 20 days ago (inside 30 days, outside 7).
 */
export function seedOutcomes(dataDir: string, now: number): void {
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(join(dataDir, 'ao.db'));
  db.pragma('busy_timeout = 5000');
  const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
  const outcome = db.prepare(
    `INSERT INTO session_outcomes (session_id, project_id, task, title, branch, agent, models, cost_usd, started_at,
       first_pr_at, ci_failures, ci_fix_cycles, ci_flaky_cycles, ci_successes, review_rounds, end_state, ended_at,
       merged_at, last_ci, updated_at)
     VALUES (@id, 'demo', @task, @title, @branch, @agent, @models, @cost, @start, @pr, @fail, @fix, @flaky, @ok,
       @rounds, @end, @ended, @merged, @lastCi, @start)`,
  );
  const blank = {
    pr: null,
    fail: 0,
    fix: 0,
    flaky: 0,
    ok: 0,
    rounds: 0,
    end: null,
    ended: null,
    merged: null,
  };
  const start901 = 3 * DAY;
  db.transaction(() => {
    outcome.run({
      ...blank,
      id: 'demo-901',
      task: 'issue:42',
      title: 'Fix the parser',
      branch: 'ao/demo-901',
      agent: 'claude-code',
      models: '["claude-sonnet-4-5"]',
      cost: 1.25,
      start: iso(start901),
      pr: iso(start901 - 0.5 * HOUR),
      fail: 2,
      fix: 2,
      flaky: 1,
      ok: 1,
      rounds: 3,
      end: 'merged',
      ended: iso(start901 - 4 * HOUR),
      merged: iso(start901 - 4 * HOUR),
      lastCi: 'passing',
    });
    outcome.run({
      ...blank,
      id: 'demo-902',
      task: 'prompt',
      title: 'Add a flag',
      branch: 'ao/demo-902',
      agent: 'codex',
      models: '["gpt-5"]',
      cost: 0.5,
      start: iso(2 * DAY),
      pr: iso(2 * DAY - 1.5 * HOUR),
      fail: 1,
      lastCi: 'failing',
    });
    outcome.run({
      ...blank,
      id: 'demo-903',
      task: 'prompt',
      title: 'Old work',
      branch: 'ao/demo-903',
      agent: 'claude-code',
      models: '[]',
      cost: 0.1,
      start: iso(DAY),
      end: 'killed',
      ended: iso(DAY - HOUR),
      lastCi: null,
    });
    outcome.run({
      ...blank,
      id: 'demo-900',
      task: 'prompt',
      title: 'Earlier work',
      branch: 'ao/demo-900',
      agent: 'claude-code',
      models: '[]',
      cost: 0.2,
      start: iso(20 * DAY),
      pr: iso(20 * DAY - HOUR),
      ok: 1,
      end: 'merged',
      ended: iso(20 * DAY - 2 * HOUR),
      merged: iso(20 * DAY - 2 * HOUR),
      lastCi: 'passing',
    });
    const cycle = db.prepare(
      `INSERT INTO ci_cycles (session_id, failed_head, failed_at, checks, fixed_head, fixed_at, flaky)
       VALUES (?, ?, ?, '["test"]', ?, ?, ?)`,
    );
    cycle.run('demo-901', 'h1', iso(start901 - HOUR), 'h2', iso(start901 - 1.5 * HOUR), 1);
    cycle.run('demo-901', 'h2b', iso(start901 - 2 * HOUR), 'h3', iso(start901 - 3 * HOUR), 0);
    cycle.run('demo-902', 'k1', iso(2 * DAY - 2 * HOUR), null, null, null);
    const item = db.prepare(
      `INSERT INTO review_items (session_id, key, kind, author, author_kind, first_seen_at, first_head, resolved_at, outcome)
       VALUES ('demo-901', ?, ?, ?, ?, ?, 'h2', ?, ?)`,
    );
    item.run('r1', 'review', 'coderabbitai[bot]', 'bot', iso(start901 - HOUR), null, null);
    item.run('r2', 'review', 'alice', 'human', iso(start901 - HOUR), null, null);
    item.run(
      'c1',
      'comment',
      'coderabbitai[bot]',
      'bot',
      iso(start901 - HOUR),
      iso(start901 - 2 * HOUR),
      'fixed',
    );
    item.run('c2', 'comment', 'alice', 'human', iso(start901 - HOUR), iso(start901 - 2 * HOUR), 'explained');
  })();
  db.close();
}
