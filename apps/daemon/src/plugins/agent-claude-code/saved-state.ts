import { z } from 'zod';
import type { ParserState } from './transcript';

/**
 * What the Claude watcher keeps with a session across daemon restarts (`ctx.save`): where it stopped reading the
 * transcript (offset and inode) and the parser's state at that offset (usage totals, the last message ids, queued
 * messages, the last activity), so a restart neither re-reads the whole transcript nor counts usage twice.
 */
const signalSchema = z.object({
  activity: z.enum(['working', 'idle', 'waiting_input', 'blocked', 'exited']),
  source: z.string(),
  detail: z.string(),
  confidence: z.enum(['high', 'medium', 'low']),
  at: z.string().optional(),
});

const savedSchema = z.object({
  v: z.literal(1),
  transcript: z.object({ offset: z.number().int().nonnegative(), ino: z.number().nullable() }),
  parser: z.object({
    totals: z.object({
      input: z.number(),
      output: z.number(),
      cacheRead: z.number(),
      cacheWrite: z.number(),
    }),
    model: z.string().nullable(),
    ids: z.array(z.string()),
    queue: z.array(
      z.object({
        text: z.string(),
        state: z.enum(['waiting', 'taken', 'dequeued']),
        at: z.string().optional(),
      }),
    ),
    last: signalSchema.nullable(),
  }),
});

export interface ClaudeSaved {
  v: 1;
  transcript: { offset: number; ino: number | null };
  parser: ParserState;
}

/** The saved state, or null when there is none or it is not ours (another version's shape: start over). */
export function readSaved(saved: Record<string, unknown> | null | undefined): ClaudeSaved | null {
  const parsed = savedSchema.safeParse(saved ?? null);
  return parsed.success ? (parsed.data as ClaudeSaved) : null;
}
