import { randomBytes } from 'node:crypto';
import { type HttpFake, startHttpFake } from './http-fake';
import { type JiraQuery, parseJql } from './jira-jql';

/**
 * A fake Jira Cloud REST API v3 with API-token basic auth: `GET /rest/api/3/issue/{key}` (with `fields`),
 * `GET /rest/api/3/issue/{key}/comment`, and `GET /rest/api/3/search/jql` (token pagination; the JQL ao sends, parsed as Jira would:
 * `[project = "X" AND ][status in ("A", ...) AND ][assignee = "<id>"|currentUser() AND ]statusCategory != Done
 * ORDER BY created DESC`). Bodies and error shapes follow Jira's
 * (`{errorMessages, errors}`); rich text is Atlassian Document Format.
 */
export interface FakeJiraIssue {
  key: string;
  summary: string;
  /** ADF document, or null. */
  description: unknown;
  labels: string[];
  /** Jira's status category key: new, indeterminate, done. */
  statusCategory: string;
  /** The status's name (To Do, In Progress, Done in the fake's workflow). */
  status: string;
  comments: Array<{ author: string; body: unknown }>;
  created: string;
  /** The assignee's accountId, or null (unassigned). */
  assignee: string | null;
}

/** The accountId of the API token's user (JQL `currentUser()`). */
export const JIRA_ME = 'acc-dev';

export interface FakeJira extends HttpFake {
  email: string;
  token: string;
  pageSize: number;
  /** The searches received: the JQL and what the fake read from it (null: a syntax error). */
  searches: Array<{ jql: string; parsed: JiraQuery | null }>;
  addIssue(
    project: string,
    issue: Partial<Omit<FakeJiraIssue, 'key' | 'comments'>> & {
      summary: string;
      comments?: Array<{ author: string; body: unknown }>;
    },
  ): FakeJiraIssue;
}

/** A plain text as an ADF document (one paragraph per line). */
export function adfText(text: string): unknown {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({
      type: 'paragraph',
      content: line ? [{ type: 'text', text: line }] : [],
    })),
  };
}

/** The fake's workflow: every status reachable from any other by a transition named as its target status. */
export const JIRA_TRANSITIONS = [
  { id: '11', name: 'To Do', to: { id: '10000', name: 'To Do', category: 'new' } },
  { id: '21', name: 'In Progress', to: { id: '3', name: 'In Progress', category: 'indeterminate' } },
  { id: '31', name: 'Done', to: { id: '10001', name: 'Done', category: 'done' } },
] as const;

const renderTransition = (t: (typeof JIRA_TRANSITIONS)[number]) => ({
  id: t.id,
  name: t.name,
  to: { id: t.to.id, name: t.to.name, statusCategory: { key: t.to.category } },
  hasScreen: false,
  isGlobal: true,
  isInitial: false,
  isAvailable: true,
  isConditional: false,
  isLooped: false,
});

const notFoundBody = {
  errorMessages: ['Issue does not exist or you do not have permission to see it.'],
  errors: {},
};
/** Whether an issue is one a parsed search asks for. */
function matches(i: FakeJiraIssue, q: JiraQuery): boolean {
  const me = typeof q.assignee === 'object' ? JIRA_ME : q.assignee;
  return (
    (!q.notDone || i.statusCategory !== 'done') &&
    (!q.project || i.key.startsWith(`${q.project}-`)) &&
    (!q.statuses || q.statuses.some((s) => s.toLowerCase() === i.status.toLowerCase())) &&
    (me === undefined || i.assignee === me)
  );
}

export async function startFakeJira(opts: { email?: string; token?: string } = {}): Promise<FakeJira> {
  const email = opts.email ?? 'dev@example.com';
  const token = opts.token ?? `ATATT${randomBytes(12).toString('hex')}`;
  const issues = new Map<string, FakeJiraIssue>();
  const counters = new Map<string, number>();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const tick = () => {
    clock += 1000;
    return new Date(clock).toISOString().replace('Z', '+0000');
  };
  /** GET: the transitions; POST `{transition: {id}}`: applies one (204), 400 for an id not in the workflow. */
  const transition = (i: FakeJiraIssue | undefined, method: string, body: unknown) => {
    if (!i) return { status: 404, body: notFoundBody };
    if (method === 'GET')
      return {
        status: 200,
        body: { expand: 'transitions', transitions: JIRA_TRANSITIONS.map(renderTransition) },
      };
    const id = (body as { transition?: { id?: unknown } } | null)?.transition?.id;
    const t = JIRA_TRANSITIONS.find((x) => x.id === String(id));
    if (!t)
      return {
        status: 400,
        body: { errorMessages: [`Transition id '${String(id)}' is not valid for this issue.`], errors: {} },
      };
    i.status = t.to.name;
    i.statusCategory = t.to.category;
    return { status: 204, body: null };
  };
  /** POST a comment `{body: ADF}`: 201 with the comment; 400 without an ADF document. */
  const addComment = (i: FakeJiraIssue, body: unknown) => {
    const adf = (body as { body?: { type?: unknown } } | null)?.body;
    if (adf?.type !== 'doc')
      return { status: 400, body: { errorMessages: [], errors: { comment: 'Comment body is not valid!' } } };
    i.comments.push({ author: 'ao-bot', body: adf });
    const at = tick();
    const author = { accountId: 'acc-ao-bot', displayName: 'ao-bot', active: true };
    return {
      status: 201,
      body: { id: String(i.comments.length), author, body: adf, created: at, updated: at },
    };
  };
  const auth = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
  let base = '';

  const render = (i: FakeJiraIssue, fields: string[]) => {
    const all: Record<string, unknown> = {
      summary: i.summary,
      description: i.description,
      labels: i.labels,
      status: { name: i.status, statusCategory: { key: i.statusCategory } },
    };
    const picked = Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
    return {
      expand: '',
      id: String(10000 + i.key.length),
      self: `${base}/rest/api/3/issue/${i.key}`,
      key: i.key,
      fields: picked,
    };
  };

  const http = await startHttpFake((req) => {
    if (req.headers.authorization !== auth)
      return {
        status: 401,
        body: {
          errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
          errors: {},
        },
      };
    const fields = (req.query.fields ?? 'summary,description,labels').split(',');
    const transitions = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)\/transitions$/.exec(req.path);
    if (transitions) return transition(issues.get(transitions[1] ?? ''), req.method, req.body);
    const comment = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)\/comment$/.exec(req.path);
    if (comment) {
      const i = issues.get(comment[1] ?? '');
      if (!i) return { status: 404, body: notFoundBody };
      if (req.method === 'POST') return addComment(i, req.body);
      const max = Number(req.query.maxResults ?? 5000);
      const comments = i.comments.slice(0, max).map((c, n) => ({
        id: String(n + 1),
        author: { accountId: `acc-${c.author}`, displayName: c.author, active: true },
        body: c.body,
        created: i.created,
        updated: i.created,
      }));
      return { status: 200, body: { startAt: 0, maxResults: max, total: i.comments.length, comments } };
    }
    const one = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(req.path);
    if (one) {
      const i = issues.get(decodeURIComponent(one[1] ?? ''));
      return i ? { status: 200, body: render(i, fields) } : { status: 404, body: notFoundBody };
    }
    if (req.path === '/rest/api/3/search/jql') {
      const jql = req.query.jql ?? '';
      const m = parseJql(jql);
      fake.searches.push({ jql, parsed: m });
      if (!m)
        return {
          status: 400,
          body: { errorMessages: [`Error in the JQL Query: ${req.query.jql}`], errors: {} },
        };
      const list = [...issues.values()]
        .filter((i) => matches(i, m))
        .sort((a, b) => b.created.localeCompare(a.created));
      const size = Math.min(Number(req.query.maxResults ?? 50), fake.pageSize);
      const start = Number(req.query.nextPageToken ?? 0);
      const page = list.slice(start, start + size).map((i) => render(i, fields));
      const isLast = start + size >= list.length;
      return {
        status: 200,
        body: { issues: page, isLast, ...(isLast ? {} : { nextPageToken: String(start + size) }) },
      };
    }
    return { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
  });
  base = http.url;

  const fake: FakeJira = Object.assign(http, {
    email,
    token,
    pageSize: 100,
    searches: [],
    addIssue(project: string, input: Parameters<FakeJira['addIssue']>[1]): FakeJiraIssue {
      const n = (counters.get(project) ?? 0) + 1;
      counters.set(project, n);
      const issue: FakeJiraIssue = {
        key: `${project}-${n}`,
        summary: input.summary,
        description: input.description ?? null,
        labels: input.labels ?? [],
        statusCategory: input.statusCategory ?? 'new',
        status:
          input.status ??
          JIRA_TRANSITIONS.find((t) => t.to.category === (input.statusCategory ?? 'new'))?.to.name ??
          'To Do',
        comments: input.comments ?? [],
        created: input.created ?? tick(),
        assignee: input.assignee ?? null,
      };
      issues.set(issue.key, issue);
      return issue;
    },
  });
  return fake;
}
