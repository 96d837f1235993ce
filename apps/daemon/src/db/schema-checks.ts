import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Every finished check outcome ao saw (check_run and status webhooks, and the checks a PR refresh read), on PR
 * branches and on the default branch: the history flaky and broken-base classification reads. One row per
 * (repo, run key, attempt): the same check run told twice is kept once. Kept `checks.retentionDays` (default 90 days)
 * and at most 200,000 rows per repository (the oldest go first).
 */
export const checkOutcomes = sqliteTable(
  'check_outcomes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `owner/name`, lower case. */
    repo: text('repo').notNull(),
    /** Check run name or status context (data from GitHub: stored and shown as is, never interpreted). */
    name: text('name').notNull(),
    /** `run:<check run id>` or `status:<sha>:<context>:<state>`: what makes an outcome the same one twice. */
    runKey: text('run_key').notNull(),
    attempt: integer('attempt').notNull().default(1),
    headSha: text('head_sha').notNull(),
    branch: text('branch'),
    prNumber: integer('pr_number'),
    /** On the repository's default branch (as the project configures it). */
    onDefault: integer('on_default', { mode: 'boolean' }).notNull().default(false),
    /** `success`, `failure`, `timed_out`, `cancelled`, `error`, ... */
    conclusion: text('conclusion').notNull(),
    failed: integer('failed', { mode: 'boolean' }).notNull(),
    /** Check run id when known (a re-run targets it). */
    checkRunId: integer('check_run_id'),
    durationMs: integer('duration_ms'),
    /** When it finished (or when ao saw it finished). ISO. */
    at: text('at').notNull(),
  },
  (t) => [
    uniqueIndex('check_outcomes_run_idx').on(t.repo, t.runKey, t.attempt),
    index('check_outcomes_name_idx').on(t.repo, t.name, t.at),
    index('check_outcomes_default_idx').on(t.repo, t.name, t.onDefault, t.at),
  ],
);

/**
 * What ao decided about a failing check on a commit (one row per repo, sha and check): its class, why, and what was
 * done (`rerun` once, `notified` a broken base, `woke` the agent). Durable, so a restart neither re-runs twice nor
 * wakes an agent for a held failure.
 */
export const checkDecisions = sqliteTable(
  'check_decisions',
  {
    repo: text('repo').notNull(),
    headSha: text('head_sha').notNull(),
    name: text('name').notNull(),
    class: text('class').notNull(),
    reason: text('reason').notNull(),
    action: text('action').notNull(),
    /** The check run re-run (a failure of another run of this check on this commit is a failure after the re-run). */
    rerunOf: integer('rerun_of'),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('check_decisions_key_idx').on(t.repo, t.headSha, t.name)],
);
