import { z } from 'zod';

/**
 * One ordering edge between tasks: `session` (when a session works on the other side) and `issue` (its number, when
 * known); `reason` is where it comes from: an issue body ("blocked by #12", "depends on #12") or a predicted conflict
 * (the session started first goes first).
 */
export const dependencySchema = z.object({
  session: z.string().nullable(),
  issue: z.number().int().nullable(),
  reason: z.enum(['issue', 'conflict']),
});
export type Dependency = z.infer<typeof dependencySchema>;

/** At most this many blockers are read from one issue body (the rest is ignored). */
const MAX_BLOCKERS = 20;
/** "blocked by #12", "Depends on: #3, #4 and #5", "depends on #7" (case-insensitive), anywhere in the text. */
const PHRASE = /\b(?:blocked\s+by|depends\s+on)\s*:?\s*(#\d{1,9}(?:\s*(?:,|and|&)?\s*#\d{1,9})*)/gi;

/** The issue numbers an issue body says it is blocked by or depends on, in order, without repeats. */
export function parseBlockers(body: string): number[] {
  const found = new Set<number>();
  for (const match of body.slice(0, 100_000).matchAll(PHRASE)) {
    for (const n of (match[1] ?? '').matchAll(/#(\d+)/g)) {
      found.add(Number(n[1]));
      if (found.size >= MAX_BLOCKERS) return [...found];
    }
  }
  return [...found];
}
