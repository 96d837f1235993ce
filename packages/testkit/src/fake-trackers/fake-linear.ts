import { randomBytes } from 'node:crypto';
import { type HttpFake, startHttpFake, type TrackerRequest } from './http-fake';

/**
 * A fake Linear GraphQL API (`POST /graphql`) for the real `@linear/sdk` client: the personal API key in
 * `Authorization` (no "Bearer"), `{query, variables}` bodies, `{data}` or `{errors}` answers shaped as Linear's (error
 * `extensions.type` is what the SDK maps to its error classes). It answers the operations ao sends, by name
 * (`AoIssue`, `AoOpenIssues`, and the SDK's own `viewer`); anything else is a GraphQL validation error.
 */
export interface FakeLinearIssue {
  identifier: string;
  number: number;
  title: string;
  description: string | null;
  url: string;
  labels: string[];
  /** A workflow state type: triage, backlog, unstarted, started, completed, canceled. */
  stateType: string;
  comments: Array<{ author: string; body: string; createdAt: string }>;
  createdAt: string;
}

export interface FakeLinear extends HttpFake {
  /** The GraphQL endpoint (`<url>/graphql`): the SDK's `apiUrl`. */
  apiUrl: string;
  apiKey: string;
  /** Issues per page of `issues` (Linear's own limit is 250; ao asks for 100). */
  pageSize: number;
  addIssue(
    team: string,
    issue: Partial<Omit<FakeLinearIssue, 'identifier' | 'number' | 'url' | 'comments'>> & {
      title: string;
      comments?: Array<{ author: string; body: string }>;
    },
  ): FakeLinearIssue;
  /** GraphQL operations received, by name, with their variables. */
  operations(
    name?: string,
  ): Array<{ name: string; variables: Record<string, unknown>; request: TrackerRequest }>;
}

const gqlError = (message: string, type: string, code: string, extra: Record<string, unknown> = {}) => ({
  errors: [{ message, extensions: { type, code, ...extra } }],
});

const labelNodes = (i: FakeLinearIssue) => ({ nodes: i.labels.map((name) => ({ name })) });

function renderIssue(i: FakeLinearIssue, comments?: number) {
  const base = {
    identifier: i.identifier,
    number: i.number,
    title: i.title,
    url: i.url,
    labels: labelNodes(i),
  };
  if (comments === undefined) return base;
  const nodes = i.comments
    .slice(0, comments)
    .map((c) => ({ body: c.body, createdAt: c.createdAt, user: { displayName: c.author, name: c.author } }));
  return { ...base, description: i.description, comments: { nodes } };
}

type Filter = { state?: { type?: { nin?: string[] } }; team?: { key?: { eq?: string } } };

function openPage(all: FakeLinearIssue[], filter: Filter, after: string | null, size: number) {
  const nin = filter.state?.type?.nin ?? [];
  const team = filter.team?.key?.eq;
  const matching = all
    .filter((i) => !nin.includes(i.stateType) && (!team || i.identifier.startsWith(`${team}-`)))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const start = after ? Number(after) : 0;
  const nodes = matching.slice(start, start + size).map((i) => renderIssue(i));
  const end = start + nodes.length;
  return { issues: { nodes, pageInfo: { hasNextPage: end < matching.length, endCursor: String(end) } } };
}

export async function startFakeLinear(opts: { apiKey?: string } = {}): Promise<FakeLinear> {
  const apiKey = opts.apiKey ?? `lin_api_${randomBytes(16).toString('hex')}`;
  const issues = new Map<string, FakeLinearIssue>();
  const counters = new Map<string, number>();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const tick = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const operationName = (body: unknown) =>
    /\b(?:query|mutation)\s+(\w+)/.exec(String((body as { query?: unknown })?.query ?? ''))?.[1] ?? '';

  const http = await startHttpFake((req) => {
    if (req.method !== 'POST' || req.path !== '/graphql') return { status: 404, body: 'Not Found' };
    if (req.headers.authorization !== apiKey)
      return {
        status: 400,
        body: gqlError(
          'Authentication required, not authenticated',
          'authentication error',
          'AUTHENTICATION_ERROR',
          {
            userPresentableMessage: 'You need to authenticate to access this operation.',
          },
        ),
      };
    const variables = ((req.body as { variables?: Record<string, unknown> })?.variables ?? {}) as Record<
      string,
      unknown
    >;
    switch (operationName(req.body)) {
      case 'AoIssue': {
        const issue = issues.get(String(variables.id));
        if (!issue)
          return {
            status: 200,
            body: {
              ...gqlError('Entity not found: Issue', 'invalid input', 'INPUT_ERROR', {
                userError: true,
                userPresentableMessage: 'Could not find referenced Issue.',
              }),
              data: null,
            },
          };
        return {
          status: 200,
          body: { data: { issue: renderIssue(issue, Number(variables.comments ?? 50)) } },
        };
      }
      case 'AoOpenIssues':
        return {
          status: 200,
          body: {
            data: openPage(
              [...issues.values()],
              (variables.filter ?? {}) as Filter,
              (variables.after as string) ?? null,
              fake.pageSize,
            ),
          },
        };
      case 'viewer':
        return {
          status: 200,
          body: { data: { viewer: { id: 'user-1', name: 'Test User', email: 'test@example.com' } } },
        };
      default:
        return {
          status: 400,
          body: gqlError('Unknown operation', 'graphql error', 'GRAPHQL_VALIDATION_FAILED'),
        };
    }
  });

  const fake: FakeLinear = Object.assign(http, {
    apiUrl: `${http.url}/graphql`,
    apiKey,
    pageSize: 100,
    addIssue(team: string, input: Parameters<FakeLinear['addIssue']>[1]): FakeLinearIssue {
      const number = (counters.get(team) ?? 0) + 1;
      counters.set(team, number);
      const identifier = `${team}-${number}`;
      const issue: FakeLinearIssue = {
        identifier,
        number,
        title: input.title,
        description: input.description ?? null,
        url: `https://linear.app/acme/issue/${identifier.toLowerCase()}`,
        labels: input.labels ?? [],
        stateType: input.stateType ?? 'unstarted',
        comments: (input.comments ?? []).map((c) => ({ ...c, createdAt: tick() })),
        createdAt: input.createdAt ?? tick(),
      };
      issues.set(identifier, issue);
      return issue;
    },
    operations(name?: string) {
      return http.requests
        .map((request) => ({
          name: operationName(request.body),
          variables: ((request.body as { variables?: Record<string, unknown> })?.variables ?? {}) as Record<
            string,
            unknown
          >,
          request,
        }))
        .filter((o) => !name || o.name === name);
    },
  });
  return fake;
}
