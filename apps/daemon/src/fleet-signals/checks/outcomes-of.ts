import type { PullRequest } from '@ao/shared/session';
import type { WebhookFact } from '../../webhooks';
import type { Outcome } from './check-store';

/** Conclusions that did not fail (as the CI rollup counts them). */
const PASSING = new Set(['success', 'neutral', 'skipped']);
/** A check that did not run to an end tells nothing about flakiness. */
const NOT_AN_OUTCOME = new Set(['cancelled', 'stale', 'action_required']);

const finishedConclusion = (c: string | null | undefined): string | null =>
  c && !NOT_AN_OUTCOME.has(c) ? c : null;

/**
 * The outcome a check_run or status delivery tells, when it is a finished one (null otherwise). `defaultBranch`: the
 * repository's default branch, so its outcomes are marked as such.
 */
export function outcomeOfFact(fact: WebhookFact, defaultBranch: string, at: string): Outcome | null {
  if (!fact.repo || !fact.checkName || !fact.headSha) return null;
  if (fact.kind === 'check' && fact.event === 'check_run' && fact.checkId !== undefined) {
    const conclusion = fact.checkStatus === 'completed' ? finishedConclusion(fact.conclusion) : null;
    if (!conclusion) return null;
    return {
      repo: fact.repo,
      name: fact.checkName,
      runKey: `run:${fact.checkId}`,
      headSha: fact.headSha,
      branch: fact.branch ?? null,
      prNumber: fact.prNumbers[0] ?? null,
      onDefault: fact.branch === defaultBranch,
      conclusion,
      failed: !PASSING.has(conclusion),
      checkRunId: fact.checkId,
      durationMs: fact.durationMs ?? null,
      at,
    };
  }
  if (fact.kind === 'status') {
    const conclusion = fact.checkStatus === 'pending' ? null : finishedConclusion(fact.conclusion);
    if (!conclusion) return null;
    const onDefault = fact.branches?.includes(defaultBranch) ?? false;
    return {
      repo: fact.repo,
      name: fact.checkName,
      runKey: `status:${fact.headSha}:${fact.checkName}:${conclusion}`,
      headSha: fact.headSha,
      branch: onDefault ? defaultBranch : (fact.branches?.[0] ?? null),
      prNumber: null,
      onDefault,
      conclusion,
      failed: !PASSING.has(conclusion),
      checkRunId: null,
      at,
    };
  }
  return null;
}

/** The finished checks a PR refresh read on the PR head, as outcomes (deduplicated with the webhooks' by run id). */
export function outcomesOfPr(repo: string, branch: string, pr: PullRequest, at: string): Outcome[] {
  const sha = pr.headSha;
  if (!sha) return [];
  return pr.checks.flatMap((c): Outcome[] => {
    const conclusion = c.status === 'completed' ? finishedConclusion(c.conclusion) : null;
    if (!conclusion) return [];
    return [
      {
        repo,
        name: c.name,
        runKey: c.id !== undefined ? `run:${c.id}` : `status:${sha}:${c.name}:${conclusion}`,
        headSha: sha,
        branch,
        prNumber: pr.number,
        onDefault: false,
        conclusion,
        failed: !PASSING.has(conclusion),
        checkRunId: c.id ?? null,
        at,
      },
    ];
  });
}

export const isFailedCheck = (c: PullRequest['checks'][number]): boolean =>
  c.status === 'completed' && !PASSING.has(c.conclusion ?? 'neutral');
