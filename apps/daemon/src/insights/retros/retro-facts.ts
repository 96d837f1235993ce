import type { RetroFacts } from '@ao/shared/lessons';
import type { Db } from '../../db/open-db';
import type { sessionOutcomes } from '../../db/schema';

type Outcome = typeof sessionOutcomes.$inferSelect;

/** Real (not flaky) failures per check name, and how many of them a later push fixed. */
const CHECKS = `
  SELECT j.value AS name, count(*) AS times,
         sum(c.fixed_head IS NOT NULL AND c.fixed_head <> c.failed_head) AS fixed
    FROM ci_cycles c, json_each(c.checks) j
   WHERE c.session_id = ? AND coalesce(c.flaky, 0) = 0
   GROUP BY j.value
   ORDER BY times DESC, name`;

const CYCLES = `
  SELECT coalesce(sum(coalesce(flaky, 0) = 0), 0) AS real, coalesce(sum(flaky = 1), 0) AS flaky
    FROM ci_cycles WHERE session_id = ?`;

export interface CheckFailures {
  name: string;
  times: number;
  fixed: number;
}

/** A finished session's facts from its outcome row and CI cycles. */
export function retroFacts(db: Db, o: Outcome): { facts: RetroFacts; checks: CheckFailures[] } {
  const checks = db.$client.prepare(CHECKS).all(o.sessionId) as CheckFailures[];
  const cycles = db.$client.prepare(CYCLES).get(o.sessionId) as { real: number; flaky: number };
  const merged = o.mergedAt ? Math.round((Date.parse(o.mergedAt) - Date.parse(o.startedAt)) / 60_000) : null;
  return {
    facts: {
      costUsd: o.costUsd,
      ciRealCycles: cycles.real,
      ciFlakyCycles: cycles.flaky,
      reviewRounds: o.reviewRounds,
      comments: { human: o.commentsHuman, bot: o.commentsBot, agent: o.commentsAgent },
      escalations: o.escalations,
      humanMessages: o.humanMessages,
      end: o.endState ?? 'unknown',
      minutesToMerge: merged,
      failedChecks: checks.map((c) => ({ name: c.name, times: c.times })),
    },
    checks,
  };
}
