import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Lessons per project (DESIGN.md §12): proposed by a retro (or the orchestrator, or added by hand), decided by the
 * human. Accepted ones are given to new sessions; `decided_at` is when their effect is measured from.
 */
export const lessons = sqliteTable(
  'lessons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: text('project_id').notNull(),
    /** The text in effect (the edited text once accepted with an edit). */
    text: text('text').notNull(),
    proposedText: text('proposed_text').notNull(),
    state: text('state').notNull(), // 'proposed' | 'accepted' | 'rejected'
    source: text('source').notNull(), // 'retro' | 'orchestrator' | 'human'
    sessionId: text('session_id'),
    reason: text('reason'),
    createdAt: text('created_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [index('lessons_project_idx').on(t.projectId, t.state)],
);

/** A finished session's retrospective: its facts, the orchestrator's reflection (when any), the lesson it proposed. */
export const sessionRetros = sqliteTable('session_retros', {
  sessionId: text('session_id').primaryKey(),
  projectId: text('project_id').notNull(),
  /** The facts as JSON (`RetroFacts` in @ao/shared/lessons). */
  facts: text('facts').notNull(),
  reflection: text('reflection'),
  lessonId: integer('lesson_id'),
  createdAt: text('created_at').notNull(),
});
