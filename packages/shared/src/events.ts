import { z } from 'zod';
import { projectSchema } from './api';
import { orchestratorEventPayloadSchemas } from './config-orchestrator';
import { chatopsEventPayloadSchemas } from './events-chatops';
import { escalationSchema, mcpEventPayloadSchemas } from './events-mcp';
import { mergeQueueEventPayloadSchemas } from './events-merge-queue';
import { lessonEventPayloadSchemas } from './lessons';
import { questionEventPayloadSchemas } from './questions';
import { activitySchema, evidenceSchema, messageSchema, sessionSchema, sessionStatusSchema } from './session';

/**
 * Every event the daemon publishes, defined once. An event row has an integer id (monotonic), a dotted type, the time,
 * and a payload that fits the schema of its type. Session events carry the whole session so a client can upsert.
 */
export const eventPayloadSchemas = {
  'session.created': z.object({ session: sessionSchema }),
  'session.updated': z.object({ session: sessionSchema }),
  'session.status_changed': z.object({
    session: sessionSchema,
    from: sessionStatusSchema,
    to: sessionStatusSchema,
    reason: z.string().nullable(),
  }),
  'session.activity': z.object({
    session: sessionSchema,
    from: activitySchema,
    to: activitySchema,
    evidence: evidenceSchema,
  }),
  /** A message to the agent changed state: sending → sent | queued → delivered, or failed / dropped. */
  'session.message': z.object({ sessionId: z.string(), message: messageSchema }),
  'project.added': z.object({ project: projectSchema }),
  'project.updated': z.object({ project: projectSchema }),
  'pr.updated': z.object({ session: sessionSchema }),
  /** The session's predicted conflicts or dependencies changed (`conflicts`, `blockedBy`, `blocks` hold them all). */
  'session.conflicts': z.object({ session: sessionSchema }),
  'ci.failed': z.object({ sessionId: z.string(), checks: z.array(z.string()) }),
  'reaction.fired': z.object({
    sessionId: z.string(),
    reaction: z.string(),
    attempt: z.number(),
    detail: z.string(),
  }),
  /** A failing check was classified, and what ao did: re-ran it, notified a broken base, or let the agent be woken. */
  'checks.classified': z.object({
    sessionId: z.string(),
    check: z.string(),
    sha: z.string(),
    class: z.enum(['flaky', 'broken-base', 'real']),
    reason: z.string(),
    action: z.enum(['rerun', 'notified', 'held', 'woke']),
  }),
  'reaction.escalated': z.object({ sessionId: z.string(), reaction: z.string(), detail: z.string() }),
  'daemon.recovered': z.object({
    alive: z.number(),
    lost: z.number(),
    orphans: z.number(),
    /** Sessions brought back on their own (the machine restarted while they ran). */
    restored: z.array(z.string()),
  }),
  ...mcpEventPayloadSchemas,
  ...lessonEventPayloadSchemas,
  ...chatopsEventPayloadSchemas,
  ...mergeQueueEventPayloadSchemas,
  ...orchestratorEventPayloadSchemas,
  ...questionEventPayloadSchemas,
} as const;

export type EventType = keyof typeof eventPayloadSchemas;
export const eventTypes = Object.keys(eventPayloadSchemas) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

/** A stored and streamed event. */
export type AoEvent = {
  [T in EventType]: { id: number; type: T; at: string; data: EventPayload<T> };
}[EventType];

/** The first SSE message: what the client needs to render without any other request. */
export const snapshotSchema = z.object({
  lastEventId: z.number(),
  sessions: z.array(sessionSchema),
  projects: z.array(projectSchema),
  /** Open escalations (newest first): the human's decisions. */
  escalations: z.array(escalationSchema).optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
