import type { RenderCtx } from './render';
import { commentHtmlUrl } from './render-pull';
import type { FakePull, FakeRepo } from './state';
import { deriveReviewDecision } from './state';

/**
 * A minimal GraphQL endpoint: no parser. It answers any query that selects
 * `repository(owner:, name:) { pullRequest(number:) { ... } }` (arguments as literals or `$variables`) with a superset
 * object of the pull request (GraphQL clients ignore fields they did not select), and `viewer { login }`.
 * Anything else gets a GraphQL error, so a test notices a query the fake does not know.
 */

export interface GraphqlReply {
  status: number;
  body: unknown;
}

function arg(query: string, re: RegExp, variables: Record<string, unknown>): string | null {
  const m = re.exec(query);
  const raw = m?.[1];
  if (raw === undefined) return null;
  if (raw.startsWith('$')) {
    const v = variables[raw.slice(1)];
    return v === undefined || v === null ? null : String(v);
  }
  return raw.replace(/^"|"$/g, '');
}

function pullNode(ctx: RenderCtx, repo: FakeRepo, pr: FakePull) {
  const full = `${repo.owner}/${repo.name}`;
  const threads = repo.threads.filter((t) => t.pull === pr.number);
  const reviews = repo.reviews.filter((r) => r.pull === pr.number);
  const latest = new Map<string, { state: string; author: string }>();
  for (const r of repo.reviews) {
    if (r.pull === pr.number && r.state !== 'PENDING')
      latest.set(r.author, { state: r.state, author: r.author });
  }
  return {
    id: Buffer.from(`011:PullRequest${full}#${pr.number}`).toString('base64'),
    number: pr.number,
    title: pr.title,
    url: `${ctx.html}/${full}/pull/${pr.number}`,
    state: pr.merged ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED',
    isDraft: pr.draft,
    merged: pr.merged,
    headRefName: pr.head.ref,
    headRefOid: pr.head.sha,
    baseRefName: pr.base.ref,
    mergeable: pr.mergeable === null ? 'UNKNOWN' : pr.mergeable ? 'MERGEABLE' : 'CONFLICTING',
    mergeStateStatus: pr.mergeableState.toUpperCase(),
    author: graphqlAuthor(pr.author),
    reviewDecision: deriveReviewDecision(repo, pr),
    reviewRequests: { totalCount: pr.requestedReviewers.length + pr.requestedTeams.length },
    reviews: {
      totalCount: reviews.length,
      nodes: reviews.map((r) => ({
        id: Buffer.from(`PRR:${r.id}`).toString('base64'),
        databaseId: r.id,
        state: r.state,
        body: r.body,
        url: `${ctx.html}/${full}/pull/${r.pull}#pullrequestreview-${r.id}`,
        submittedAt: r.state === 'PENDING' ? null : r.submittedAt,
        author: graphqlAuthor(r.author),
        commit: { oid: r.commitId },
      })),
    },
    latestReviews: {
      totalCount: latest.size,
      nodes: [...latest.values()].map((r) => ({ state: r.state, author: { login: graphqlLogin(r.author) } })),
    },
    reviewThreads: {
      totalCount: threads.length,
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: threads.map((t) => ({
        id: Buffer.from(`PRRT:${t.id}`).toString('base64'),
        isResolved: t.isResolved,
        isOutdated: t.isOutdated,
        path: t.path,
        line: t.isOutdated ? null : t.line,
        originalLine: t.line,
        comments: {
          totalCount: t.comments.length,
          nodes: t.comments.map((c) => ({
            id: Buffer.from(`PRRC:${c.id}`).toString('base64'),
            databaseId: c.id,
            author: graphqlAuthor(c.author),
            body: c.body,
            url: commentHtmlUrl(ctx, repo, t.pull, c.id),
            path: t.path,
            line: t.isOutdated ? null : t.line,
            createdAt: c.createdAt,
          })),
        },
      })),
    },
  };
}

/** GraphQL names a bot by its app's slug, without REST's `[bot]` suffix (`cursor[bot]` is `cursor`). */
function graphqlLogin(login: string): string {
  return login.replace(/\[bot\]$/, '');
}

/** An `author` object: the login as GraphQL spells it, and `__typename` (`Bot` for an App, else `User`). */
function graphqlAuthor(login: string): { login: string; __typename: string } {
  return { login: graphqlLogin(login), __typename: login.endsWith('[bot]') ? 'Bot' : 'User' };
}

export function answerGraphql(
  ctx: RenderCtx,
  repos: Map<string, FakeRepo>,
  payload: { query?: unknown; variables?: unknown },
  viewer: string,
): GraphqlReply {
  const query = typeof payload.query === 'string' ? payload.query : '';
  const variables = (payload.variables ?? {}) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  if (/\bviewer\s*\{/.test(query)) data.viewer = { login: viewer };
  if (/\brepository\s*\(/.test(query)) {
    const owner = arg(query, /repository\s*\([^)]*owner\s*:\s*(\$\w+|"[^"]*")/, variables);
    const name = arg(query, /repository\s*\([^)]*name\s*:\s*(\$\w+|"[^"]*")/, variables);
    const repo = repos.get(`${owner}/${name}`);
    if (!repo) {
      return {
        status: 200,
        body: {
          data: { repository: null },
          errors: [
            {
              type: 'NOT_FOUND',
              path: ['repository'],
              message: `Could not resolve to a Repository with the name '${owner}/${name}'.`,
            },
          ],
        },
      };
    }
    const numberText = arg(query, /pullRequest\s*\(\s*number\s*:\s*(\$\w+|\d+)/, variables);
    if (numberText === null) return unsupported();
    const pr = repo.pulls.get(Number(numberText));
    if (!pr) {
      return {
        status: 200,
        body: {
          data: { repository: { pullRequest: null } },
          errors: [
            {
              type: 'NOT_FOUND',
              path: ['repository', 'pullRequest'],
              message: `Could not resolve to a PullRequest with the number of ${numberText}.`,
            },
          ],
        },
      };
    }
    data.repository = { pullRequest: pullNode(ctx, repo, pr) };
  }
  if (Object.keys(data).length === 0) return unsupported();
  return { status: 200, body: { data } };
}

function unsupported(): GraphqlReply {
  return {
    status: 200,
    body: { errors: [{ message: 'fake GitHub: query not supported by the fake server' }] },
  };
}
