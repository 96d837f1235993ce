import { badRequest } from '@ao/shared/errors';
import type { Logger } from '@ao/shared/plugin';
import { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { createEtagFetch, type EtagFetchStats } from './etag-fetch';

/** Settings shared by the GitHub plugins. The daemon fills GITHUB_TOKEN / GH_TOKEN from its environment. */
export const githubConnectionSchema = z.object({
  token: z.string().min(1).optional().describe('GitHub token; defaults to GITHUB_TOKEN, then GH_TOKEN'),
  GITHUB_TOKEN: z.string().optional().describe('Filled from the environment by the daemon'),
  GH_TOKEN: z.string().optional().describe('Filled from the environment by the daemon'),
  baseUrl: z.url().optional().describe('REST API base URL (GitHub Enterprise: https://host/api/v3)'),
  graphqlUrl: z.url().optional().describe('GraphQL endpoint; derived from baseUrl when not set'),
});
export type GithubConnection = z.output<typeof githubConnectionSchema>;

export interface GithubClient {
  octokit: Octokit;
  /** A GraphQL query through the same fetch (counted in stats; POSTs are never cached). */
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
  stats(): EtagFetchStats;
}

export const DEFAULT_API = 'https://api.github.com';

/** `https://api.github.com/graphql`, or `https://host/api/graphql` for GitHub Enterprise's `/api/v3`. */
export function graphqlUrlFor(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (/\/api\/v3$/.test(trimmed)) return trimmed.replace(/\/v3$/, '/graphql');
  return `${trimmed}/graphql`;
}

export function tokenOf(config: GithubConnection): string | undefined {
  return config.token || config.GITHUB_TOKEN || config.GH_TOKEN || undefined;
}

/** The HTTP status of an Octokit RequestError (without importing Octokit's internals), else null. */
export function httpStatusOf(err: unknown): number | null {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

/** `owner/name` → parts; throws a 400 for anything else. */
export function splitRepo(repo: string): { owner: string; repo: string } {
  // Owners are letters, digits and '-'; names may add '.' and '_' but are never '.' or '..'.
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9_.-]+)$/.exec(repo);
  if (!m?.[1] || !m[2] || m[2] === '.' || m[2] === '..')
    throw badRequest(`a GitHub repository is "owner/name", got "${repo}"`, 'repo');
  return { owner: m[1], repo: m[2] };
}

/**
 * An Octokit client whose GETs are conditional (ETag cache). Without a token it still builds, and every call fails
 * with a clear message, so a project without GitHub configured loads fine.
 */
export function createGithubClient(config: GithubConnection, logger: Logger): GithubClient {
  const token = tokenOf(config);
  const baseUrl = (config.baseUrl ?? DEFAULT_API).replace(/\/+$/, '');
  const graphqlUrl = config.graphqlUrl ?? graphqlUrlFor(baseUrl);
  const etag = createEtagFetch();
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    userAgent: 'ao-orchestrator',
    request: { fetch: etag.fetch },
    log: {
      debug: (msg: string) => logger.debug({ plugin: 'github' }, msg),
      info: (msg: string) => logger.debug({ plugin: 'github' }, msg),
      warn: (msg: string) => logger.warn({ plugin: 'github' }, msg),
      // Octokit logs every failed request here; callers handle (and log) the errors they throw.
      error: (msg: string) => logger.debug({ plugin: 'github' }, msg),
    },
  });
  const needToken = () => {
    if (!token)
      throw badRequest('no GitHub token: set GITHUB_TOKEN or GH_TOKEN, or `token` in the plugin settings');
  };
  octokit.hook.before('request', needToken);
  const graphql = octokit.graphql.defaults({ url: graphqlUrl });
  return {
    octokit,
    graphql: <T>(query: string, variables: Record<string, unknown>) => graphql<T>(query, variables),
    stats: etag.stats,
  };
}
