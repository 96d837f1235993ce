import { badRequest } from '@ao/shared/errors';
import type { PluginModule, Tracker, TrackerIssue } from '@ao/shared/plugin';
import { createGithubClient, githubConnectionSchema, splitRepo } from '../scm-github/github-client';
import { trackerFields } from '../tracker-shared/config-fields';
import { DEFAULT_PROMPT_TEMPLATE, renderPrompt } from '../tracker-shared/prompt-template';
import { githubFailure } from './github-failure';
import { githubSyncWrites } from './sync-writes';

export { DEFAULT_PROMPT_TEMPLATE, renderPrompt } from '../tracker-shared/prompt-template';
export { branchForIssue } from './branch-for-issue';

const configSchema = githubConnectionSchema.extend({
  ...trackerFields('GitHub', 500),
});

/** Issues and pull requests read by listOpen at most (10 pages). */
const MAX_LISTED = 1000;

interface IssueLike {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  labels: Array<string | { name?: string }>;
  pull_request?: unknown;
}

function toIssue(i: IssueLike, comments: TrackerIssue['comments']): TrackerIssue {
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    url: i.html_url,
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    comments,
  };
}

/** GitHub issues as the source of work: `ao start --issue 42`. */
export const trackerGithub = {
  manifest: { name: 'github', slot: 'tracker', description: 'GitHub issues' },
  configSchema,
  create(config, ctx): Tracker {
    const { octokit } = createGithubClient(config, ctx.logger);
    const template = config.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE;
    return {
      async getIssue(repo, id) {
        if (typeof id !== 'number')
          throw badRequest(`GitHub issues are numbers (42 or #42), not "${id}"`, 'issue');
        const r = { ...splitRepo(repo), issue_number: id };
        // One deadline for both requests: an unreachable or hanging GitHub is a 503, never a hung request.
        const request = { signal: AbortSignal.timeout(config.timeoutMs) };
        const perPage = Math.min(config.maxComments, 100);
        try {
          const [issue, comments] = await Promise.all([
            octokit.rest.issues.get({ ...r, request }),
            config.maxComments > 0
              ? octokit.rest.issues.listComments({ ...r, per_page: perPage, request })
              : Promise.resolve({ data: [] }),
          ]);
          const list = comments.data
            .slice(0, config.maxComments)
            .map((c) => ({ author: c.user?.login ?? 'ghost', body: c.body ?? '' }));
          return toIssue(issue.data as IssueLike, list);
        } catch (err) {
          throw githubFailure(err, `issue #${id} in ${repo}`, config.timeoutMs);
        }
      },
      /** Open issues (pull requests excluded), newest first, without their comments; at most MAX_LISTED read.
       *  `by.assignee` is GitHub's `assignee` parameter (a login, `none` or `*`); `by.states` can only be "open". */
      async listOpen(repo, by) {
        let seen = 0;
        const request = { signal: AbortSignal.timeout(config.timeoutMs) };
        try {
          const items = await octokit.paginate(
            octokit.rest.issues.listForRepo,
            {
              ...splitRepo(repo),
              state: 'open',
              per_page: 100,
              ...(by?.assignee ? { assignee: by.assignee } : {}),
              request,
            },
            (res, done) => {
              seen += res.data.length;
              if (seen >= MAX_LISTED) done();
              return res.data;
            },
          );
          return (items as IssueLike[]).filter((i) => !i.pull_request).map((i) => toIssue(i, []));
        } catch (err) {
          throw githubFailure(err, `open issues of ${repo}`, config.timeoutMs);
        }
      },
      promptFor: (issue) => renderPrompt(template, issue),
      sync: config.sync,
      ...githubSyncWrites(octokit, config.sync, config.timeoutMs),
    };
  },
} satisfies PluginModule<'tracker', typeof configSchema>;
