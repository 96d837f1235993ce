import type { RerunRef, RerunResult } from '@ao/shared/plugin';
import { type GithubClient, splitRepo } from './github-client';

/** `.../actions/runs/{run_id}/job/{job_id}`: the workflow run an Actions job belongs to. */
const RUN_IN_URL = /\/actions\/runs\/(\d+)(?:\/|$)/;

/**
 * Re-runs a failed check: reads the check run, then re-runs the failed jobs of its workflow run when it is an Actions
 * job (its URL names the run), else re-requests its check suite. Two requests.
 */
export async function rerunFailedChecks(
  client: GithubClient,
  repo: string,
  ref: RerunRef,
): Promise<RerunResult> {
  const r = splitRepo(repo);
  const { data: run } = await client.octokit.rest.checks.get({ ...r, check_run_id: ref.checkRunId });
  const m = RUN_IN_URL.exec(run.details_url ?? '') ?? RUN_IN_URL.exec(run.html_url ?? '');
  if (run.app?.slug === 'github-actions' && m?.[1]) {
    const runId = Number(m[1]);
    await client.octokit.rest.actions.reRunWorkflowFailedJobs({ ...r, run_id: runId });
    return { via: 'workflow_run', id: runId };
  }
  const suiteId = run.check_suite?.id;
  if (!suiteId) throw new Error(`check run ${ref.checkRunId} has no check suite to re-request`);
  await client.octokit.rest.checks.rerequestSuite({ ...r, check_suite_id: suiteId });
  return { via: 'check_suite', id: suiteId };
}
