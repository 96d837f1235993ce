import type { IssueTarget, SyncOutcome, Tracker, TrackerSync } from '@ao/shared/plugin';
import type { Octokit } from '@octokit/rest';
import { httpStatusOf, splitRepo } from '../scm-github/github-client';
import { githubFailure } from './github-failure';

/** Comments read at most when looking for ao's marker (10 pages). */
const MAX_COMMENTS = 1000;

type Writes = Required<Pick<Tracker, 'markInProgress' | 'markDone' | 'comment'>>;

/**
 * The GitHub tracker's writes: the in-progress label, the done label (and closing, with `closeOnMerge`), and
 * comments carrying ao's hidden marker (`<!-- ao:... -->`), looked for among the issue's comments before posting.
 */
export function githubSyncWrites(octokit: Octokit, sync: TrackerSync, timeoutMs: number): Writes {
  const request = () => ({ signal: AbortSignal.timeout(timeoutMs) });
  const at = (repo: string, issue: IssueTarget) => ({ ...splitRepo(repo), issue_number: issue.number });
  const wrap = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw githubFailure(err, what, timeoutMs);
    }
  };
  const labelsOf = async (repo: string, issue: IssueTarget) => {
    const { data } = await octokit.rest.issues.get({ ...at(repo, issue), request: request() });
    const names = data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
    return { labels: names, open: data.state === 'open' };
  };
  const addLabel = (repo: string, issue: IssueTarget, label: string) =>
    octokit.rest.issues.addLabels({ ...at(repo, issue), labels: [label], request: request() });

  return {
    markInProgress: (repo, issue) =>
      wrap(`issue #${issue.number} in ${repo}`, async (): Promise<SyncOutcome> => {
        if (!sync.inProgress) return 'off';
        const { labels } = await labelsOf(repo, issue);
        if (labels.includes(sync.inProgress)) return 'already';
        await addLabel(repo, issue, sync.inProgress);
        return 'done';
      }),
    markDone: (repo, issue) =>
      wrap(`issue #${issue.number} in ${repo}`, async (): Promise<SyncOutcome> => {
        if (!sync.inProgress && !sync.done && !sync.closeOnMerge) return 'off';
        const { labels, open } = await labelsOf(repo, issue);
        let wrote = false;
        if (sync.inProgress && labels.includes(sync.inProgress)) {
          await octokit.rest.issues
            .removeLabel({ ...at(repo, issue), name: sync.inProgress, request: request() })
            .catch((err) => {
              if (httpStatusOf(err) !== 404) throw err; // already removed
            });
          wrote = true;
        }
        if (sync.done && !labels.includes(sync.done)) {
          await addLabel(repo, issue, sync.done);
          wrote = true;
        }
        if (sync.closeOnMerge && open) {
          await octokit.rest.issues.update({
            ...at(repo, issue),
            state: 'closed',
            state_reason: 'completed',
            request: request(),
          });
          wrote = true;
        }
        return wrote ? 'done' : 'already';
      }),
    comment: (repo, issue, body, marker) =>
      wrap(`issue #${issue.number} in ${repo}`, async (): Promise<SyncOutcome> => {
        const tag = `<!-- ${marker} -->`;
        let seen = 0;
        const existing = await octokit.paginate(
          octokit.rest.issues.listComments,
          { ...at(repo, issue), per_page: 100, request: request() },
          (res, done) => {
            seen += res.data.length;
            if (seen >= MAX_COMMENTS) done();
            return res.data;
          },
        );
        if (existing.some((c) => c.body?.includes(tag))) return 'already';
        await octokit.rest.issues.createComment({
          ...at(repo, issue),
          body: `${body}\n\n${tag}`,
          request: request(),
        });
        return 'done';
      }),
  };
}
