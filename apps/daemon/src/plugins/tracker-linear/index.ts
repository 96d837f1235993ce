import { type AoError, notFound, trackerError, trackerUnavailable } from '@ao/shared/errors';
import type { PluginModule, Tracker } from '@ao/shared/plugin';
import { LinearClient, LinearError, LinearErrorType } from '@linear/sdk';
import { z } from 'zod';
import { trackerFields } from '../tracker-shared/config-fields';
import { issueKeyOf } from '../tracker-shared/issue-key';
import { keyedPromptTemplate, renderPrompt } from '../tracker-shared/prompt-template';
import { readSecret, refusedSecret, secretFileSchema } from '../tracker-shared/secret';
import { unreachable } from '../tracker-shared/tracker-errors';
import {
  ISSUE_QUERY,
  type IssueData,
  OPEN_ISSUES_QUERY,
  type OpenIssuesData,
  openFilter,
  toIssue,
} from './linear-queries';
import { linearSyncWrites } from './sync-writes';

const DEFAULT_API_URL = 'https://api.linear.app/graphql';
/** Issues read by listOpen at most (10 pages). */
const MAX_LISTED = 1000;

const configSchema = z.object({
  teamKey: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, 'a Linear team key, e.g. ENG')
    .optional()
    .describe('Team key (ENG): `--issue 42` means ENG-42; the issue picker and auto-pickup list this team'),
  apiKeyFile: secretFileSchema
    .optional()
    .describe('File holding the Linear API key, when LINEAR_API_KEY is not set'),
  apiKey: refusedSecret('set LINEAR_API_KEY or apiKeyFile'),
  apiUrl: z
    .url()
    // The SDK itself refuses plain http except on loopback: say so when the config is read.
    .refine(
      (u) => /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/])/.test(u),
      'https, or http on loopback',
    )
    .optional()
    .describe('GraphQL endpoint (default https://api.linear.app/graphql); for tests'),
  ...trackerFields('Linear', 250),
  LINEAR_API_KEY: z.string().optional().describe('Filled from the environment by the daemon'),
});
type LinearConfig = z.output<typeof configSchema>;

/** A LinearError (or a network failure) as ao's coded error naming Linear. */
function mapError(err: unknown, url: string, timeoutMs: number, key?: string): AoError {
  if (!(err instanceof LinearError)) return unreachable('Linear', url, err, timeoutMs);
  const msg = err.message.split('\n')[0] ?? 'error';
  if (key && err.type === LinearErrorType.InvalidInput && /not found/i.test(msg))
    return notFound(`no Linear issue ${key}`);
  if (
    err.type === LinearErrorType.NetworkError ||
    err.type === LinearErrorType.InternalError ||
    err.type === LinearErrorType.Ratelimited
  )
    return trackerUnavailable(`Linear is unavailable (${err.status ?? err.type}): ${msg}`);
  if (err.type === LinearErrorType.AuthenticationError || err.type === LinearErrorType.Forbidden)
    return trackerError(`Linear refused the API key (${err.status ?? err.type}): check LINEAR_API_KEY`);
  return trackerError(`Linear answered an error: ${msg}`);
}

/** Runs one GraphQL request through the SDK's client, bounded by the timeout, errors mapped. */
function requester(config: LinearConfig) {
  const apiKey = readSecret(config.LINEAR_API_KEY, config.apiKeyFile, 'apiKeyFile');
  const apiUrl = config.apiUrl ?? DEFAULT_API_URL;
  return async <T>(query: string, variables: Record<string, unknown>, key?: string): Promise<T> => {
    if (!apiKey)
      throw trackerError('no Linear API key: set LINEAR_API_KEY, or apiKeyFile in trackers.linear');
    // A client per request: its fetch options carry this request's own timeout signal.
    const client = new LinearClient({ apiKey, apiUrl, signal: AbortSignal.timeout(config.timeoutMs) });
    try {
      return (await client.client.rawRequest<T, Record<string, unknown>>(query, variables)).data as T;
    } catch (err) {
      throw mapError(err, apiUrl, config.timeoutMs, key);
    }
  };
}

/** Linear issues as the source of work: `ao start --issue ENG-42`. */
export const trackerLinear = {
  manifest: { name: 'linear', slot: 'tracker', description: 'Linear issues (API key from LINEAR_API_KEY)' },
  configSchema,
  create(config, _ctx): Tracker {
    const request = requester(config);
    const template = config.promptTemplate ?? keyedPromptTemplate('Linear');
    return {
      async getIssue(_repo, id) {
        const key = issueKeyOf(id, config.teamKey, 'Linear');
        const vars = { id: key, comments: Math.max(config.maxComments, 1) };
        const data = await request<IssueData>(ISSUE_QUERY, vars, key);
        if (!data.issue) throw notFound(`no Linear issue ${key}`);
        return toIssue(data.issue, config.maxComments);
      },
      async listOpen(_repo, by) {
        const filter = openFilter(config.teamKey, by);
        const out: ReturnType<typeof toIssue>[] = [];
        let after: string | null = null;
        do {
          const page: OpenIssuesData = await request<OpenIssuesData>(OPEN_ISSUES_QUERY, { filter, after });
          out.push(...page.issues.nodes.map((n) => toIssue(n, 0)));
          after = page.issues.pageInfo.hasNextPage ? (page.issues.pageInfo.endCursor ?? null) : null;
        } while (after && out.length < MAX_LISTED);
        return out;
      },
      promptFor: (issue) => renderPrompt(template, issue),
      sync: config.sync,
      ...linearSyncWrites(
        request,
        config.sync,
        (i) => i.key ?? issueKeyOf(i.number, config.teamKey, 'Linear'),
      ),
    };
  },
} satisfies PluginModule<'tracker', typeof configSchema>;
