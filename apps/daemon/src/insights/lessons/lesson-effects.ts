import type { LessonEffect } from '@ao/shared/lessons';
import type { Db } from '../../db/open-db';

/**
 * Per ended session: first try (merged with no real CI failure) and real fix cycles (a failure on a head, not
 * classified flaky, fixed by a later head). `real_failures` counts failed heads not classified flaky.
 */
const PER_SESSION = `
  SELECT o.session_id, o.project_id, o.started_at, o.lessons,
         (o.end_state = 'merged' AND NOT EXISTS (
            SELECT 1 FROM ci_cycles c WHERE c.session_id = o.session_id AND coalesce(c.flaky, 0) = 0)) AS first_try,
         (SELECT count(*) FROM ci_cycles c
           WHERE c.session_id = o.session_id AND coalesce(c.flaky, 0) = 0
             AND c.fixed_head IS NOT NULL AND c.fixed_head <> c.failed_head) AS fixes
    FROM session_outcomes o
   WHERE o.end_state IS NOT NULL`;

/**
 * Each accepted lesson of the projects against its project's ended sessions: `before` are those started before it was
 * accepted, `after` those it was given to (its id in their `lessons`). One query for all lessons.
 */
const EFFECTS = `
  WITH s AS (${PER_SESSION}),
  l AS (SELECT id, project_id, text, decided_at FROM lessons
         WHERE state = 'accepted' AND project_id IN (SELECT value FROM json_each(?)))
  SELECT l.id, l.project_id AS project, l.text, l.decided_at AS acceptedAt,
         (SELECT count(*) FROM s WHERE s.project_id = l.project_id AND s.started_at < l.decided_at) AS bN,
         (SELECT coalesce(sum(first_try), 0) FROM s WHERE s.project_id = l.project_id AND s.started_at < l.decided_at) AS bFirst,
         (SELECT avg(fixes) FROM s WHERE s.project_id = l.project_id AND s.started_at < l.decided_at) AS bFix,
         (SELECT count(*) FROM s WHERE s.project_id = l.project_id
             AND EXISTS (SELECT 1 FROM json_each(coalesce(s.lessons, '[]')) j WHERE j.value = l.id)) AS aN,
         (SELECT coalesce(sum(first_try), 0) FROM s WHERE s.project_id = l.project_id
             AND EXISTS (SELECT 1 FROM json_each(coalesce(s.lessons, '[]')) j WHERE j.value = l.id)) AS aFirst,
         (SELECT avg(fixes) FROM s WHERE s.project_id = l.project_id
             AND EXISTS (SELECT 1 FROM json_each(coalesce(s.lessons, '[]')) j WHERE j.value = l.id)) AS aFix
    FROM l
   ORDER BY l.decided_at DESC, l.id DESC`;

interface EffectRow {
  id: number;
  project: string;
  text: string;
  acceptedAt: string;
  bN: number;
  bFirst: number;
  bFix: number | null;
  aN: number;
  aFirst: number;
  aFix: number | null;
}

const side = (n: number, first: number, fix: number | null): LessonEffect['before'] => ({
  sessions: n,
  firstTry: first,
  firstTryRate: n ? first / n : null,
  meanFixCycles: n ? (fix ?? 0) : null,
});

/** The effect of every accepted lesson of `projectIds` (newest accepted first), computed by SQL. */
export function lessonEffects(db: Db, projectIds: readonly string[]): LessonEffect[] {
  const rows = db.$client.prepare(EFFECTS).all(JSON.stringify(projectIds)) as EffectRow[];
  return rows.map((r) => ({
    id: r.id,
    project: r.project,
    text: r.text,
    acceptedAt: r.acceptedAt,
    before: side(r.bN, r.bFirst, r.bFix),
    after: side(r.aN, r.aFirst, r.aFix),
  }));
}
