import { conflict } from '@ao/shared/errors';
import type { PluginModule, Scm } from '@ao/shared/plugin';
import { failedCheckDetails } from './failed-checks';
import { getPr, getPull } from './get-pr';
import { createGithubClient, githubConnectionSchema, httpStatusOf, splitRepo } from './github-client';

const configSchema = githubConnectionSchema;

/** GitHub pull requests, checks and reviews through Octokit, with conditional requests. */
export const scmGithub = {
  manifest: { name: 'github', slot: 'scm', description: 'GitHub pull requests, CI checks and reviews' },
  configSchema,
  create(config, ctx): Scm {
    const client = createGithubClient(config, ctx.logger);
    const octokit = client.octokit;
    return {
      async findPr(repo, branch) {
        const r = splitRepo(repo);
        const res = await octokit.rest.pulls.list({
          ...r,
          head: `${r.owner}:${branch}`,
          state: 'all',
          sort: 'created',
          direction: 'desc',
          per_page: 20,
        });
        const pulls = res.data.filter((p) => p.head.ref === branch);
        const chosen = pulls.find((p) => p.state === 'open') ?? pulls.sort((a, b) => b.number - a.number)[0];
        return chosen ? getPr(client, repo, chosen.number) : null;
      },
      getPr: (repo, number, opts) => getPr(client, repo, number, opts),
      async createPr(repo, opts) {
        const res = await octokit.rest.pulls.create({
          ...splitRepo(repo),
          ...opts,
          draft: opts.draft ?? false,
        });
        ctx.logger.info({ repo, number: res.data.number, head: opts.head }, 'github: pull request created');
        return getPr(client, repo, res.data.number);
      },
      async merge(repo, number, method) {
        try {
          await octokit.rest.pulls.merge({ ...splitRepo(repo), pull_number: number, merge_method: method });
        } catch (err) {
          // 405: not mergeable (conflicts, failing required checks, draft); 409: the head moved.
          const status = httpStatusOf(err);
          if (status === 405 || status === 409) {
            const data = (err as { response?: { data?: { message?: string } } }).response?.data;
            const why = data?.message ?? (err as Error).message;
            throw conflict(`GitHub refused to merge ${repo}#${number}: ${why}`);
          }
          throw err;
        }
        ctx.logger.info({ repo, number, method }, 'github: pull request merged');
      },
      async failedCheckDetails(repo, number) {
        const pull = await getPull(client, repo, number);
        return failedCheckDetails(client, repo, pull.head.sha, ctx.logger);
      },
      stats: client.stats,
    };
  },
} satisfies PluginModule<'scm', typeof configSchema>;
