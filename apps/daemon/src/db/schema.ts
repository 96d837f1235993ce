import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const projects = sqliteTable('projects', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  configPath: text('config_path').notNull(),
  repoPath: text('repo_path').notNull(),
  /** Next session number: ids are never reused, even after a session's row is gone. */
  nextSeq: integer('next_seq').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    status: text('status').notNull(),
    activity: text('activity').notNull(),
    statusReason: text('status_reason'),
    evidence: text('evidence', { mode: 'json' }),
    branch: text('branch').notNull(),
    baseBranch: text('base_branch').notNull(),
    worktreePath: text('worktree_path').notNull(),
    worktreeRemoved: integer('worktree_removed', { mode: 'boolean' }).notNull().default(false),
    agent: text('agent').notNull(),
    runtime: text('runtime').notNull(),
    workspace: text('workspace').notNull(),
    runtimeHandle: text('runtime_handle', { mode: 'json' }),
    hookSecret: text('hook_secret').notNull(),
    prompt: text('prompt'),
    title: text('title').notNull(),
    issue: text('issue', { mode: 'json' }),
    pr: text('pr', { mode: 'json' }),
    agentSessionId: text('agent_session_id'),
    model: text('model'),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
    escalated: integer('escalated', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    lastActivityAt: text('last_activity_at'),
    /** When the current activity began (an episode key for reactions such as agent_stuck). */
    activitySince: text('activity_since'),
    /** Last time a webhook confirmed this session's PR state (the reconciler skips fresh ones). */
    prConfirmedAt: text('pr_confirmed_at'),
    /** How the agent's program ended by itself (code, signal, last lines), for an `exited` session. */
    exit: text('exit', { mode: 'json' }),
    /** The first prompt is not yet taken by the agent: the session is `starting`, never idle. */
    promptPending: integer('prompt_pending', { mode: 'boolean' }).notNull().default(false),
    /** Messages the agent took into its queue while busy and has not yet started a turn with. */
    queuedMessages: integer('queued_messages').notNull().default(0),
    /** What the agent plugin's watcher saved to go on after a restart (e.g. its transcript offset). */
    agentState: text('agent_state', { mode: 'json' }),
    /** Predicted conflicts (SessionConflict[]), written by fleet-signals/conflicts when they change. */
    conflicts: text('conflicts', { mode: 'json' }),
    /** { blockedBy, blocks } (Dependency[] each), written with the conflicts by fleet-signals. */
    dependencies: text('dependencies', { mode: 'json' }),
    /** `worker`, or `orchestrator` (no worktree, branch or PR; left out of lanes, reactions, pickup and conflicts). */
    kind: text('kind').notNull().default('worker'),
  },
  (t) => [
    index('sessions_project_idx').on(t.projectId),
    uniqueIndex('sessions_branch_idx').on(t.projectId, t.branch),
  ],
);

export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type').notNull(),
    at: text('at').notNull(),
    sessionId: text('session_id'),
    data: text('data', { mode: 'json' }).notNull(),
  },
  (t) => [index('events_session_idx').on(t.sessionId)],
);

/** Every message to an agent (the first prompt included) and how far it got; see sessions/messages.ts. */
export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    state: text('state').notNull(),
    detail: text('detail'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('messages_session_idx').on(t.sessionId, t.state)],
);

export * from './schema-checks';
export * from './schema-conflicts';
export * from './schema-github';
export * from './schema-insights';
export * from './schema-lessons';
export * from './schema-mcp';
export * from './schema-orchestrator';
