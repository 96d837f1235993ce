import { randomBytes } from 'node:crypto';
import { GraphQLError, graphql } from 'graphql';
import { type HttpFake, startHttpFake, type TrackerRequest } from './http-fake';
import { linearSchema } from './linear-schema';

/**
 * A fake Linear GraphQL API (`POST /graphql`) for the real `@linear/sdk` client: the personal API key in
 * `Authorization` (no "Bearer"), `{query, variables}` bodies parsed, validated and executed against an excerpt of
 * Linear's schema, `{data}` / `{errors}` answers shaped as Linear's (error `extensions.type` is what the SDK maps to its
 * error classes).
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
  /** The workflow state's name (Backlog, Todo, In Progress, In Review, Done, Canceled: a team's default states). */
  stateName: string;
  comments: Array<{ author: string; body: string; createdAt: string }>;
  createdAt: string;
  /** The assignee's email, or null (unassigned). */
  assignee: string | null;
}

export interface FakeLinear extends HttpFake {
  /** The GraphQL endpoint (`<url>/graphql`): the SDK's `apiUrl`. */
  apiUrl: string;
  apiKey: string;
  /** Issues per page of `issues` at most (whatever `first` asks). */
  pageSize: number;
  addIssue(
    team: string,
    issue: Partial<Omit<FakeLinearIssue, 'identifier' | 'number' | 'url' | 'comments'>> & {
      title: string;
      comments?: Array<{ author: string; body: string }>;
    },
  ): FakeLinearIssue;
  /** GraphQL operations received, by operation name, with their variables. */
  operations(
    name?: string,
  ): Array<{ name: string; variables: Record<string, unknown>; request: TrackerRequest }>;
}

/** The workflow states every fake team has (Linear's defaults for a new team). */
export const LINEAR_DEFAULT_STATES = [
  { name: 'Backlog', type: 'backlog' },
  { name: 'Todo', type: 'unstarted' },
  { name: 'In Progress', type: 'started' },
  { name: 'In Review', type: 'started' },
  { name: 'Done', type: 'completed' },
  { name: 'Canceled', type: 'canceled' },
] as const;

const teamOf = (identifier: string) => identifier.split('-')[0] ?? '';
const stateId = (team: string, name: string) => `state-${team}-${name.toLowerCase().replace(/\W+/g, '-')}`;
function resolveTeam(key: string) {
  const team = { id: `team-${key}`, key, name: key };
  const states = LINEAR_DEFAULT_STATES.map((st, position) => ({
    id: stateId(key, st.name),
    name: st.name,
    type: st.type,
    position,
    team,
  }));
  return { ...team, states: () => page(states) };
}

/** The API key's user (`viewer`; `assignee: { isMe: { eq: true } }`). */
export const LINEAR_VIEWER = {
  id: 'user-1',
  name: 'Test User',
  displayName: 'test',
  email: 'test@example.com',
};

type Comparator = { eq?: string; neq?: string; in?: string[]; nin?: string[]; eqIgnoreCase?: string };
type Filter = {
  state?: { type?: Comparator; name?: Comparator };
  team?: { key?: Comparator };
  assignee?: { email?: Comparator; isMe?: { eq?: boolean; neq?: boolean }; null?: boolean };
};
/** A StringComparator as Linear applies it (every constraint given must hold; a null value matches none). */
function compare(value: string | null | undefined, c: Comparator | undefined): boolean {
  if (!c) return true;
  if (value == null) return false;
  return (
    (c.eq === undefined || value === c.eq) &&
    (c.neq === undefined || value !== c.neq) &&
    (c.in === undefined || c.in.includes(value)) &&
    (c.nin === undefined || !c.nin.includes(value)) &&
    (c.eqIgnoreCase === undefined || value.toLowerCase() === c.eqIgnoreCase.toLowerCase())
  );
}
/** The NullableUserFilter on an issue's assignee. */
function assigneeMatches(email: string | null, f: Filter['assignee']): boolean {
  if (!f) return true;
  if (f.null !== undefined && (email === null) !== f.null) return false;
  if (f.isMe?.eq !== undefined && (email === LINEAR_VIEWER.email) !== f.isMe.eq) return false;
  if (f.isMe?.neq !== undefined && (email === LINEAR_VIEWER.email) === f.isMe.neq) return false;
  return !f.email || compare(email, f.email);
}
const userOf = (email: string) => ({
  id: `user-${email}`,
  name: email.split('@')[0] ?? email,
  displayName: email.split('@')[0] ?? email,
  email,
});
const page = <T>(nodes: T[], hasNextPage = false, endCursor: string | null = null) => ({
  nodes,
  pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: null, endCursor },
});

/** An issue as the schema's resolvers see it (connections with arguments are functions). */
function resolveIssue(i: FakeLinearIssue) {
  const team = teamOf(i.identifier);
  return {
    ...i,
    id: `issue-${i.identifier}`,
    state: { id: stateId(team, i.stateName), name: i.stateName, type: i.stateType, position: 0 },
    team: resolveTeam(team),
    assignee: i.assignee ? userOf(i.assignee) : null,
    labels: () => page(i.labels.map((name) => ({ id: `label-${name}`, name }))),
    comments: ({ first }: { first?: number }) =>
      page(
        i.comments.slice(0, first ?? 50).map((c, n) => ({
          id: `comment-${i.identifier}-${n}`,
          body: c.body,
          createdAt: c.createdAt,
          user: {
            id: `user-${c.author}`,
            name: c.author,
            displayName: c.author,
            email: `${c.author}@example.com`,
          },
        })),
      ),
  };
}

function listIssues(
  all: FakeLinearIssue[],
  args: { first?: number; after?: string; filter?: Filter },
  max: number,
) {
  const f = args.filter ?? {};
  const matching = all
    .filter(
      (i) =>
        compare(i.stateType, f.state?.type) &&
        compare(i.stateName, f.state?.name) &&
        compare(teamOf(i.identifier), f.team?.key) &&
        assigneeMatches(i.assignee, f.assignee),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const start = args.after ? Number(args.after) : 0;
  const nodes = matching.slice(start, start + Math.min(args.first ?? 50, max));
  const end = start + nodes.length;
  return page(nodes.map(resolveIssue), end < matching.length, String(end));
}

const notFoundError = (entity: string) =>
  new GraphQLError(`Entity not found: ${entity}`, {
    extensions: {
      type: 'invalid input',
      code: 'INPUT_ERROR',
      userError: true,
      userPresentableMessage: `Could not find referenced ${entity}.`,
    },
  });

const authError = {
  errors: [
    {
      message: 'Authentication required, not authenticated',
      extensions: {
        type: 'authentication error',
        code: 'AUTHENTICATION_ERROR',
        userPresentableMessage: 'You need to authenticate to access this operation.',
      },
    },
  ],
};

export async function startFakeLinear(opts: { apiKey?: string } = {}): Promise<FakeLinear> {
  const apiKey = opts.apiKey ?? `lin_api_${randomBytes(16).toString('hex')}`;
  const issues = new Map<string, FakeLinearIssue>();
  const counters = new Map<string, number>();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const tick = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const bodyOf = (b: unknown) => (b ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  const operationName = (b: unknown) =>
    /\b(?:query|mutation)\s+(\w+)/.exec(String(bodyOf(b).query ?? ''))?.[1] ?? '';
  let syncId = 1000;
  /** An issue by identifier (`ENG-1`) or id (`issue-ENG-1`), as Linear takes either. */
  const findIssue = (id: string): FakeLinearIssue => {
    const found = issues.get(id.replace(/^issue-/, ''));
    if (!found) throw notFoundError('Issue');
    return found;
  };
  const rootValue = {
    issue: ({ id }: { id: string }) => resolveIssue(findIssue(id)),
    issues: (args: { first?: number; after?: string; filter?: Filter }) =>
      listIssues([...issues.values()], args, fake.pageSize),
    viewer: () => LINEAR_VIEWER,
    workflowStates: (args: { filter?: { team?: { key?: { eq?: string } } } }) => {
      const keys = args.filter?.team?.key?.eq
        ? [args.filter.team.key.eq]
        : [...new Set([...issues.values()].map((i) => teamOf(i.identifier)))];
      return page(keys.flatMap((k) => resolveTeam(k).states().nodes));
    },
    issueUpdate: ({ id, input }: { id: string; input: { stateId?: string; title?: string } }) => {
      const i = findIssue(id);
      if (input.stateId) {
        const st = resolveTeam(teamOf(i.identifier))
          .states()
          .nodes.find((x) => x.id === input.stateId);
        if (!st) throw notFoundError('WorkflowState');
        i.stateName = st.name;
        i.stateType = st.type;
      }
      if (input.title) i.title = input.title;
      return { success: true, lastSyncId: ++syncId, issue: resolveIssue(i) };
    },
    commentCreate: ({ input }: { input: { issueId?: string; body?: string } }) => {
      const i = findIssue(input.issueId ?? '');
      const c = { author: 'test', body: input.body ?? '', createdAt: tick() };
      i.comments.push(c);
      const n = i.comments.length - 1;
      return {
        success: true,
        lastSyncId: ++syncId,
        comment: { id: `comment-${i.identifier}-${n}`, body: c.body, createdAt: c.createdAt, user: null },
      };
    },
  };

  const http = await startHttpFake(async (req) => {
    if (req.method !== 'POST' || req.path !== '/graphql') return { status: 404, body: 'Not Found' };
    if (req.headers.authorization !== apiKey) return { status: 400, body: authError };
    const { query, variables } = bodyOf(req.body);
    const result = await graphql({
      schema: linearSchema,
      source: String(query ?? ''),
      variableValues: variables ?? {},
      rootValue,
    });
    if (!result.errors) return { status: 200, body: { data: result.data } };
    const errors = result.errors.map((e) => ({
      ...e.toJSON(),
      extensions: Object.keys(e.extensions).length
        ? e.extensions
        : { type: 'graphql error', code: 'GRAPHQL_VALIDATION_FAILED' },
    }));
    // Linear answers validation failures with 400, resolver errors (not found, ...) with 200 and `data: null`.
    return result.data === undefined
      ? { status: 400, body: { errors } }
      : { status: 200, body: { errors, data: result.data } };
  });

  const fake: FakeLinear = Object.assign(http, {
    apiUrl: `${http.url}/graphql`,
    apiKey,
    pageSize: 250,
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
        stateName:
          input.stateName ??
          LINEAR_DEFAULT_STATES.find((st) => st.type === (input.stateType ?? 'unstarted'))?.name ??
          'Todo',
        comments: (input.comments ?? []).map((c) => ({ ...c, createdAt: tick() })),
        createdAt: input.createdAt ?? tick(),
        assignee: input.assignee ?? null,
      };
      issues.set(identifier, issue);
      return issue;
    },
    operations(name?: string) {
      return http.requests
        .map((request) => ({
          name: operationName(request.body),
          variables: bodyOf(request.body).variables ?? {},
          request,
        }))
        .filter((o) => !name || o.name === name);
    },
  });
  return fake;
}
