import type { Reply, RouteInput } from './route-kit';
import type { CheckConclusion, FakeCheckRun, FakeRepo } from './state';
import { nextId, now, runIdOf } from './state';

/**
 * Re-runs, as GitHub does them: `POST /actions/runs/{run_id}/rerun-failed-jobs` (an Actions job's workflow run is
 * `job id + 1` in this fake, see `renderCheckRun`) and `POST /check-suites/{id}/rerequest` (suite id `run id + 7`).
 * Each failed check run of the run or suite gets a new attempt: a new check run with the same name on the same
 * commit, finished with the conclusion scripted for that name and commit (`scriptRerun(repo, 'name@sha', …)`), else for
 * that name (`scriptRerun(repo, 'name', …)`), `success` by default. Every call is
 * recorded in `repo.reruns`.
 */

const FAILED = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure']);

function rerun(repo: FakeRepo, via: 'workflow_run' | 'check_suite', id: number, of: FakeCheckRun[]): Reply {
  if (of.length === 0) return { status: 404, body: { message: 'Not Found' } };
  const failed = of.filter((c) => c.status === 'completed' && FAILED.has(c.conclusion ?? ''));
  if (via === 'workflow_run' && failed.length === 0)
    return { status: 403, body: { message: 'This workflow run has no failed jobs to re-run.' } };
  const created = (via === 'workflow_run' ? failed : of).map((old) => {
    const next: CheckConclusion =
      repo.rerunScript.get(`${old.name}@${old.headSha}`)?.shift() ??
      repo.rerunScript.get(old.name)?.shift() ??
      'success';
    const run: FakeCheckRun = {
      ...old,
      id: nextId(),
      status: 'completed',
      conclusion: next,
      startedAt: now(),
      completedAt: now(),
    };
    repo.checkRuns.push(run);
    return run.id;
  });
  repo.reruns.push({ via, id, created, at: now() });
  return { status: 201, body: {} };
}

export const rerunRoutes: Array<{ method: string; pattern: RegExp; handler: (i: RouteInput) => Reply }> = [
  {
    method: 'POST',
    pattern: /^\/actions\/runs\/(\d+)\/rerun-failed-jobs$/,
    handler: (i) => {
      const runId = Number(i.params[0]);
      const jobs = i.repo.checkRuns.filter((c) => c.app === 'github-actions' && runIdOf(c) === runId);
      return rerun(i.repo, 'workflow_run', runId, jobs);
    },
  },
  {
    method: 'POST',
    pattern: /^\/check-suites\/(\d+)\/rerequest$/,
    handler: (i) => {
      const suiteId = Number(i.params[0]);
      return rerun(
        i.repo,
        'check_suite',
        suiteId,
        i.repo.checkRuns.filter((c) => c.id + 7 === suiteId),
      );
    },
  },
];
