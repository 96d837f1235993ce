import type { Report } from '@ao/shared/report';
import { query, type ReportWindow } from './window';

/** Per session branch that met CI in the period: failures, fix cycles (flaky apart), successes, and how it went. */
export function ciCorrection(w: ReportWindow): Report['ci'] {
  const rows = query<{
    session: string;
    branch: string;
    failures: number;
    fixCycles: number;
    flaky: number;
    successes: number;
    lastCi: string | null;
    endState: string | null;
  }>(
    w,
    `SELECT session_id AS session, branch, ci_failures AS failures, ci_fix_cycles AS fixCycles,
            ci_flaky_cycles AS flaky, ci_successes AS successes, last_ci AS lastCi, end_state AS endState
       FROM session_outcomes
      WHERE $P AND (ci_failures > 0 OR ci_successes > 0) AND started_at < @u AND (ended_at IS NULL OR ended_at >= @s)
      ORDER BY ci_failures DESC, session_id`,
  );
  return rows.map(({ lastCi, endState, ...r }) => ({
    ...r,
    outcome: outcomeOf(r.failures, lastCi, endState),
  }));
}

function outcomeOf(failures: number, lastCi: string | null, endState: string | null): string {
  const ci =
    failures === 0
      ? 'green first time'
      : lastCi === 'passing'
        ? 'self-corrected'
        : lastCi === 'failing'
          ? 'still failing'
          : 'CI running';
  return endState ? `${ci}, ${endState}` : ci;
}
