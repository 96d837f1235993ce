import { conflict } from '@ao/shared/errors';
import type { PluginModule, Scm } from '@ao/shared/plugin';
import { failedCheckDetails, type JobLogs } from './failed-checks';
import { getPr, getPull, headChecks, type PrRead, prKey } from './get-pr';
import { createGithubClient, githubConnectionSchema, httpStatusOf, splitRepo } from './github-client';
import { Lru } from './lru';
import { PR_REVIEWS_QUERY, type PrReviewsData, reviewBodiesOf } from './pr-reviews';
import { rerunFailedPrChecks } from './rerun-failed';
import { rerunFailedChecks } from './rerun-failed-checks';

const configSchema = githubConnectionSchema;

/** Pull requests whose last read is kept (failure details and review bodies reuse it; the review query is skipped
 * while the pull is unchanged). One instance serves every project with the same settings. */
const MAX_PR_READS = 1000;
/** Finished jobs whose log excerpt is kept (each at most ~6 KB). */
const MAX_JOB_LOGS = 300;
/** How old the checks a getPr read may be for failure details to reuse them instead of reading them again. */
const CHECKS_REUSE_MS = 30_000;

/** GitHub pull requests, checks and reviews through Octokit, with conditional requests. */
export const scmGithub = {
  manifest: { name: 'github', slot: 'scm', description: 'GitHub pull requests, CI checks and reviews' },
  configSchema,
  create(config, ctx): Scm {
    const client = createGithubClient(config, ctx.logger);
    const octokit = client.octokit;
    const reads = new Lru<string, PrRead>(MAX_PR_READS);
    const jobLogs: JobLogs = new Lru(MAX_JOB_LOGS);
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
        return chosen ? getPr(client, reads, repo, chosen.number) : null;
      },
      getPr: (repo, number, opts) => getPr(client, reads, repo, number, opts),
      async createPr(repo, opts) {
        const res = await octokit.rest.pulls.create({
          ...splitRepo(repo),
          ...opts,
          draft: opts.draft ?? false,
        });
        ctx.logger.info({ repo, number: res.data.number, head: opts.head }, 'github: pull request created');
        return getPr(client, reads, repo, res.data.number);
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
      async failedCheckDetails(repo, pr) {
        const sha = pr.headSha ?? (await getPull(client, repo, pr.number)).head.sha;
        const read = reads.get(prKey(repo, pr.number));
        const reuse = read && read.headSha === sha && Date.now() - read.at < CHECKS_REUSE_MS;
        const head = reuse ? read.head : await headChecks(client, repo, sha);
        return failedCheckDetails(client, repo, head, ctx.logger, jobLogs);
      },
      async reviewBodies(repo, number) {
        const read = reads.get(prKey(repo, number));
        if (read) return reviewBodiesOf(read.reviews);
        const { owner, repo: name } = splitRepo(repo);
        return reviewBodiesOf(await client.graphql<PrReviewsData>(PR_REVIEWS_QUERY, { owner, name, number }));
      },
      async rerunFailedChecks(repo, ref) {
        const done = await rerunFailedChecks(client, repo, ref);
        ctx.logger.info({ repo, checkRunId: ref.checkRunId, ...done }, 'github: failed checks re-run');
        return done;
      },
      async rerunFailedPrChecks(repo, pr) {
        const sha = pr.headSha ?? (await getPull(client, repo, pr.number)).head.sha;
        const result = await rerunFailedPrChecks(client, repo, sha);
        ctx.logger.info({ repo, number: pr.number, rerun: result.rerun }, 'github: failed checks re-run');
        return result;
      },
      stats: client.stats,
    };
  },
} satisfies PluginModule<'scm', typeof configSchema>;
