import type { Check, PullRequest } from '@ao/shared/session';

/** The parts of GitHub's check run and commit status bodies that ao reads. */
export interface CheckRunLike {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  html_url: string | null;
  details_url: string | null;
  app: { slug?: string } | null;
  output?: { title: string | null; summary: string | null; text?: string | null };
}

export interface StatusLike {
  context: string;
  state: string;
  target_url: string | null;
  description: string | null;
}

/** Conclusions that mean "this check did not fail". */
const PASSING = new Set(['success', 'neutral', 'skipped']);

export function checkFromRun(run: CheckRunLike): Check {
  const status =
    run.status === 'completed' ? 'completed' : run.status === 'in_progress' ? 'in_progress' : 'queued';
  return {
    name: run.name,
    status,
    conclusion: status === 'completed' ? (run.conclusion ?? 'neutral') : null,
    url: run.html_url ?? run.details_url,
    id: run.id,
  };
}

/** A commit status: pending, or finished with its state (success, failure, error) as the conclusion. */
export function checkFromStatus(s: StatusLike): Check {
  const pending = s.state === 'pending';
  return {
    name: s.context,
    status: pending ? 'pending' : 'completed',
    conclusion: pending ? null : s.state,
    url: s.target_url,
  };
}

export function isFinished(check: Check): boolean {
  return check.status === 'completed';
}

export function isFailed(check: Check): boolean {
  return isFinished(check) && !PASSING.has(check.conclusion ?? '');
}

/**
 * none: no checks; pending: any check not finished (even when another already failed: the agent should see every
 * failure at once); failing: all finished and one did not pass; passing: all finished with success/neutral/skipped.
 */
export function ciRollup(checks: readonly Check[]): PullRequest['ci'] {
  if (checks.length === 0) return 'none';
  if (!checks.every(isFinished)) return 'pending';
  return checks.some(isFailed) ? 'failing' : 'passing';
}
