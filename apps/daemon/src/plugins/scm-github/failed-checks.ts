import type { FailedCheckDetail, Logger } from '@ao/shared/plugin';
import { type CheckRunLike, checkFromRun, checkFromStatus, isFailed } from './ci-rollup';
import { headChecks } from './get-pr';
import { type GithubClient, splitRepo } from './github-client';
import { logExcerpt } from './log-excerpt';

/** Logs fetched per call at most; further failed checks get their summary only. */
const MAX_LOGS = 5;
const MAX_EXCERPT_CHARS = 6000;

function summaryOf(run: CheckRunLike): string {
  const parts = [run.output?.title, run.output?.summary, run.output?.text].filter((p): p is string => !!p);
  const text = parts.join('\n\n').trim();
  return text
    ? logExcerpt(text, { maxChars: MAX_EXCERPT_CHARS })
    : `${run.name} failed (${run.conclusion ?? 'unknown'})`;
}

async function actionsLog(client: GithubClient, repo: string, jobId: number): Promise<string> {
  // GitHub answers 302 to a short-lived download URL; fetch follows it.
  const res = await client.octokit.rest.actions.downloadJobLogsForWorkflowRun({
    ...splitRepo(repo),
    job_id: jobId,
  });
  const data: unknown = res.data;
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  return String(data);
}

/**
 * Failed checks on the head commit (`headSha`) with the failing part of their logs: Actions jobs give their job log
 * (the check run id is the job id), other check runs their output, commit statuses their description.
 */
export async function failedCheckDetails(
  client: GithubClient,
  repo: string,
  headSha: string,
  logger: Logger,
): Promise<FailedCheckDetail[]> {
  const head = await headChecks(client, repo, headSha);
  const failedRuns = head.runs.filter((r) => isFailed(checkFromRun(r)));
  let logsLeft = MAX_LOGS;
  const details = await Promise.all(
    failedRuns.map(async (run): Promise<FailedCheckDetail> => {
      const check = checkFromRun(run);
      let excerpt = summaryOf(run);
      if (run.app?.slug === 'github-actions' && logsLeft > 0) {
        logsLeft -= 1;
        try {
          excerpt = logExcerpt(await actionsLog(client, repo, run.id), { maxChars: MAX_EXCERPT_CHARS });
        } catch (err) {
          // Logs expire or may be forbidden to this token: the check's own summary is the best we have.
          logger.warn({ err, repo, check: run.name, jobId: run.id }, 'github: could not read the job log');
        }
      }
      return { name: check.name, url: check.url, excerpt };
    }),
  );
  for (const s of head.statuses) {
    const check = checkFromStatus(s);
    if (!isFailed(check)) continue;
    details.push({ name: check.name, url: check.url, excerpt: s.description ?? `${s.context}: ${s.state}` });
  }
  return details;
}
