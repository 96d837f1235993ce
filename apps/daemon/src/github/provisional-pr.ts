import type { Check, PullRequest } from '@ao/shared/session';
import { ciRollup } from '../plugins/scm-github/ci-rollup';
import type { WebhookFact } from '../webhooks';

/**
 * What a check_run or status delivery says about one check on the PR head, applied to the stored PR at once, so the
 * board moves without waiting for the refresh from GitHub (which then confirms or corrects it). Null when the
 * delivery is about another commit or carries no single check.
 */
export function provisionalPr(pr: PullRequest, fact: WebhookFact): PullRequest | null {
  if (fact.kind !== 'check' && fact.kind !== 'status') return null;
  if (!fact.checkName || !fact.headSha || pr.headSha !== fact.headSha || !fact.checkStatus) return null;
  const finished = fact.kind === 'status' ? fact.checkStatus !== 'pending' : fact.checkStatus === 'completed';
  const known = pr.checks.find((c) => c.name === fact.checkName);
  const check: Check = {
    name: fact.checkName,
    status: finished
      ? 'completed'
      : fact.kind === 'status'
        ? 'pending'
        : fact.checkStatus === 'in_progress'
          ? 'in_progress'
          : 'queued',
    conclusion: finished ? (fact.conclusion ?? 'neutral') : null,
    url: known?.url ?? null,
  };
  const id = fact.event === 'check_run' ? fact.checkId : known?.id;
  if (id !== undefined) check.id = id;
  const checks = known ? pr.checks.map((c) => (c === known ? check : c)) : [...pr.checks, check];
  return { ...pr, checks, ci: ciRollup(checks) };
}
