import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Tables of ao's MCP server: its scoped tokens and what its tools record (escalations, worker reports, briefings). */

/** MCP tokens, stored as their SHA-256 only. `scope`: `orchestrator` or `worker` (with `sessionId`). */
export const mcpTokens = sqliteTable(
  'mcp_tokens',
  {
    id: text('id').primaryKey(),
    hash: text('hash').notNull(),
    scope: text('scope').notNull(),
    sessionId: text('session_id'),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('mcp_tokens_hash_idx').on(t.hash), index('mcp_tokens_session_idx').on(t.sessionId)],
);

/** Decisions handed to the human (by the orchestrator's `escalate`): a summary and a recommended decision. */
export const escalations = sqliteTable(
  'escalations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id'),
    projectId: text('project_id'),
    summary: text('summary').notNull(),
    recommendation: text('recommendation').notNull(),
    /** Who raised it: the token's scope (`orchestrator`, `admin`). */
    source: text('source').notNull(),
    createdAt: text('created_at').notNull(),
    /** What accepting carries out: an `EscalationAction` as JSON (null: advice only). */
    action: text('action'),
    resolvedAt: text('resolved_at'),
    /** `accept`, `reject` or `answer` (null while open). */
    decision: text('decision'),
    /** The human's answer, or the note given with accept/reject. */
    answer: text('answer'),
    resolvedBy: text('resolved_by'),
    /** What accepting carried out, or where the answer went. */
    outcome: text('outcome'),
    deliveredToOrchestrator: integer('delivered_to_orchestrator', { mode: 'boolean' }),
    /** The last failure to carry out the action (the escalation then stays open). */
    error: text('error'),
  },
  (t) => [index('escalations_open_idx').on(t.resolvedAt)],
);

/** What a worker asked the orchestrator (`ask`) or reported blocking it (`blocked`). */
export const workerReports = sqliteTable(
  'worker_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    createdAt: text('created_at').notNull(),
    answeredAt: text('answered_at'),
  },
  (t) => [index('worker_reports_session_idx').on(t.sessionId)],
);

/** The latest briefing per project (`*` for the whole fleet). */
export const briefings = sqliteTable('briefings', {
  projectId: text('project_id').primaryKey(),
  text: text('text').notNull(),
  publishedAt: text('published_at').notNull(),
});

/** Questions a person asked the orchestrator (`ao ask`, chat-ops), and its answer (`answer_human`). */
export const humanQuestions = sqliteTable('human_questions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  projectId: text('project_id').notNull(),
  text: text('text').notNull(),
  from: text('from').notNull(),
  askedAt: text('asked_at').notNull(),
  answer: text('answer'),
  answeredAt: text('answered_at'),
});
