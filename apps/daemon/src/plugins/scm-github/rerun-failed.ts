import type { PrRerunResult } from '@ao/shared/plugin';
import { checkFromRun, checkFromStatus, isFailed } from './ci-rollup';
import { headChecks } from './get-pr';
import { type GithubClient, httpStatusOf, splitRepo } from './github-client';

/**
 * Re-runs the failed checks of a head commit. Actions jobs (their check run id is the job id): each job's workflow run
 * is looked up (`GET /actions/jobs/{id}` → `run_id`) and every such run is asked once to
 * `POST /actions/runs/{run_id}/rerun-failed-jobs`. Other apps' check runs and commit statuses cannot be re-run with a
 * token: they are reported as skipped, with why.
 */
export async function rerunFailedPrChecks(
  client: GithubClient,
  repo: string,
  sha: string,
): Promise<PrRerunResult> {
  const r = splitRepo(repo);
  const head = await headChecks(client, repo, sha);
  const result: PrRerunResult = { rerun: [], skipped: [] };
  const runs = new Map<number, string[]>();
  for (const run of head.runs) {
    const check = checkFromRun(run);
    if (!isFailed(check)) continue;
    if (run.app?.slug !== 'github-actions') {
      result.skipped.push({
        name: check.name,
        reason: `a check of ${run.app?.slug ?? 'another app'}, not Actions`,
      });
      continue;
    }
    const job = await client.octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}', {
      ...r,
      job_id: run.id,
    });
    const runId = Number(job.data.run_id);
    runs.set(runId, [...(runs.get(runId) ?? []), check.name]);
  }
  for (const [runId, names] of runs) {
    try {
      await client.octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', {
        ...r,
        run_id: runId,
      });
      result.rerun.push(...names);
    } catch (err) {
      const status = httpStatusOf(err);
      if (status !== 403 && status !== 404) throw err;
      const why = status === 403 ? 'its workflow run is still in progress' : 'its workflow run is gone';
      for (const name of names) result.skipped.push({ name, reason: why });
    }
  }
  for (const s of head.statuses) {
    const check = checkFromStatus(s);
    if (isFailed(check))
      result.skipped.push({ name: check.name, reason: 'a commit status: re-run it where it ran' });
  }
  return result;
}
