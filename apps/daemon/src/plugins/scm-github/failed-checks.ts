import type { FailedCheckDetail, Logger } from '@ao/shared/plugin';
import { type CheckRunLike, checkFromRun, checkFromStatus, isFailed } from './ci-rollup';
import type { HeadChecks } from './get-pr';
import { type GithubClient, httpStatusOf, splitRepo } from './github-client';
import { logExcerpt } from './log-excerpt';
import type { Lru } from './lru';

/** Logs downloaded per call at most; further failed checks get their summary only. */
const MAX_LOGS = 5;
const MAX_EXCERPT_CHARS = 6000;

/**
 * Excerpts of finished Actions jobs by `repo#jobId`. A finished job's log never changes (a re-run is a new job with a
 * new id), so each is downloaded once; null: the log is gone (404/410), the check's summary stands in.
 */
export type JobLogs = Lru<string, string | null>;

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

interface LogContext {
  client: GithubClient;
  repo: string;
  logger: Logger;
  logs: JobLogs;
  /** Downloads this call may still make. */
  left: number;
}

/** The excerpt of a failed Actions job's log: remembered, else downloaded (within the call's budget), else null. */
async function jobExcerpt(run: CheckRunLike, c: LogContext): Promise<string | null> {
  const key = `${c.repo.toLowerCase()}#${run.id}`;
  if (c.logs.has(key)) return c.logs.get(key) ?? null;
  if (c.left <= 0) return null;
  c.left -= 1;
  try {
    const excerpt = logExcerpt(await actionsLog(c.client, c.repo, run.id), { maxChars: MAX_EXCERPT_CHARS });
    c.logs.set(key, excerpt);
    return excerpt;
  } catch (err) {
    // Logs expire or may be forbidden to this token: the check's own summary is the best we have.
    c.logger.warn(
      { err, repo: c.repo, check: run.name, jobId: run.id },
      'github: could not read the job log',
    );
    const status = httpStatusOf(err);
    if (status === 404 || status === 410) c.logs.set(key, null); // gone for good: do not ask again
    return null;
  }
}

/**
 * Failed checks among a head commit's checks (as `headChecks` read them) with the failing part of their logs:
 * Actions jobs give their job log (the check run id is the job id), other check runs their output, commit statuses
 * their description.
 */
export async function failedCheckDetails(
  client: GithubClient,
  repo: string,
  head: HeadChecks,
  logger: Logger,
  logs: JobLogs,
): Promise<FailedCheckDetail[]> {
  const failedRuns = head.runs.filter((r) => isFailed(checkFromRun(r)));
  const c: LogContext = { client, repo, logger, logs, left: MAX_LOGS };
  const details = await Promise.all(
    failedRuns.map(async (run): Promise<FailedCheckDetail> => {
      const check = checkFromRun(run);
      const log = run.app?.slug === 'github-actions' ? await jobExcerpt(run, c) : null;
      return { name: check.name, url: check.url, excerpt: log ?? summaryOf(run) };
    }),
  );
  for (const s of head.statuses) {
    const check = checkFromStatus(s);
    if (!isFailed(check)) continue;
    details.push({ name: check.name, url: check.url, excerpt: s.description ?? `${s.context}: ${s.state}` });
  }
  return details;
}
