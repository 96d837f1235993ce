import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * What every session leaves behind (DESIGN.md §12), kept by `insights/` from the events the daemon publishes. No
 * foreign keys: an outcome outlives its session's row.
 */
export const sessionOutcomes = sqliteTable(
  'session_outcomes',
  {
    sessionId: text('session_id').primaryKey(),
    projectId: text('project_id').notNull(),
    /** `issue:<key or number>` or `prompt`, and the session's title. */
    task: text('task').notNull(),
    title: text('title').notNull(),
    branch: text('branch').notNull(),
    agent: text('agent').notNull(),
    /** Every model the agent reported, in order of first use (JSON array). */
    models: text('models', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** Prompt template and the ids of the accepted lessons given at launch (`insights/lessons`); null: none. */
    promptTemplate: text('prompt_template'),
    lessons: text('lessons', { mode: 'json' }).$type<number[] | null>(),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
    startedAt: text('started_at').notNull(),
    firstPrAt: text('first_pr_at'),
    prNumber: integer('pr_number'),
    /** Distinct PR heads whose CI failed, failure → success cycles, and those of them classified flaky. */
    ciFailures: integer('ci_failures').notNull().default(0),
    ciFixCycles: integer('ci_fix_cycles').notNull().default(0),
    ciFlakyCycles: integer('ci_flaky_cycles').notNull().default(0),
    ciSuccesses: integer('ci_successes').notNull().default(0),
    /** Review rounds: distinct reviews that requested changes or commented. */
    reviewRounds: integer('review_rounds').notNull().default(0),
    commentsHuman: integer('comments_human').notNull().default(0),
    commentsBot: integer('comments_bot').notNull().default(0),
    commentsAgent: integer('comments_agent').notNull().default(0),
    escalations: integer('escalations').notNull().default(0),
    /** Messages the human typed to the agent (`ao send`, the dashboard), the first prompt and reactions apart. */
    humanMessages: integer('human_messages').notNull().default(0),
    /** merged | closed | abandoned | killed; null while the session lives. */
    endState: text('end_state'),
    endedAt: text('ended_at'),
    mergedAt: text('merged_at'),
    /** The PR head and CI state last seen, to tell a new head's result from a re-run. */
    lastHead: text('last_head'),
    lastCi: text('last_ci'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('session_outcomes_project_idx').on(t.projectId, t.startedAt)],
);

/** A CI failure on one PR head, and the later head on which CI passed (the fix), if any. */
export const ciCycles = sqliteTable(
  'ci_cycles',
  {
    sessionId: text('session_id').notNull(),
    failedHead: text('failed_head').notNull(),
    failedAt: text('failed_at').notNull(),
    checks: text('checks', { mode: 'json' }).$type<string[]>().notNull().default([]),
    fixedHead: text('fixed_head'),
    fixedAt: text('fixed_at'),
    /** Set by a flaky classification when one exists (the `check_outcomes` seam): 1 flaky, 0 real, null unknown. */
    flaky: integer('flaky', { mode: 'boolean' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.failedHead] })],
);

/**
 * A review or an inline review comment seen on a session's PR, with its author's kind (human, bot, agent) and what
 * became of it: `fixed` (resolved after a new head), `explained` (resolved on the same head), `deferred` (still open
 * when the session ended).
 */
export const reviewItems = sqliteTable(
  'review_items',
  {
    sessionId: text('session_id').notNull(),
    /** The comment's URL or the review's id. */
    key: text('key').notNull(),
    kind: text('kind').notNull(), // 'review' | 'comment'
    author: text('author').notNull(),
    authorKind: text('author_kind').notNull(), // 'human' | 'bot' | 'agent'
    firstSeenAt: text('first_seen_at').notNull(),
    firstHead: text('first_head'),
    resolvedAt: text('resolved_at'),
    outcome: text('outcome'),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.key] }), index('review_items_author_idx').on(t.authorKind)],
);

/**
 * Commits of a project's repository as the report counts them (every branch), indexed once: a report reads rows, and
 * git is asked only for commits not yet seen (those not reachable from `commit_scans.tips`).
 */
export const commitFacts = sqliteTable(
  'commit_facts',
  {
    repoPath: text('repo_path').notNull(),
    sha: text('sha').notNull(),
    /** Committer time, epoch ms. */
    at: integer('at').notNull(),
    linesAdded: integer('lines_added').notNull(),
    /** Models named by the commit's AI `Co-Authored-By` trailers (JSON array), null when none. */
    models: text('models'),
    /** Reachable from the default branch (kept as the branch moves). */
    onMain: integer('on_main', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.repoPath, t.sha] }), index('commit_facts_at_idx').on(t.repoPath, t.at)],
);

/** The ref tips of a repository when its commits were last indexed (JSON array of shas). */
export const commitScans = sqliteTable('commit_scans', {
  repoPath: text('repo_path').primaryKey(),
  tips: text('tips', { mode: 'json' }).$type<string[]>().notNull(),
  refsKey: text('refs_key').notNull(),
  /** The default branch's tip when `on_main` was last brought up to date. */
  mainTip: text('main_tip'),
  scannedAt: text('scanned_at').notNull(),
});
