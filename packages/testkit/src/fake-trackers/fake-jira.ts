import { randomBytes } from 'node:crypto';
import { type HttpFake, startHttpFake } from './http-fake';

/**
 * A fake Jira Cloud REST API v3 with API-token basic auth: `GET /rest/api/3/issue/{key}` (with `fields`),
 * `GET /rest/api/3/issue/{key}/comment`, and `GET /rest/api/3/search/jql` (token pagination; the JQL ao sends:
 * `[project = "X" AND ]statusCategory != Done ORDER BY created DESC`). Bodies and error shapes follow Jira's
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
  comments: Array<{ author: string; body: unknown }>;
  created: string;
}

export interface FakeJira extends HttpFake {
  email: string;
  token: string;
  pageSize: number;
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

const notFoundBody = {
  errorMessages: ['Issue does not exist or you do not have permission to see it.'],
  errors: {},
};
const JQL = /^(?:project = "([A-Z][A-Z0-9_]*)" AND )?statusCategory != Done ORDER BY created DESC$/;

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
  const auth = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
  let base = '';

  const render = (i: FakeJiraIssue, fields: string[]) => {
    const all: Record<string, unknown> = { summary: i.summary, description: i.description, labels: i.labels };
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
    const comment = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)\/comment$/.exec(req.path);
    if (comment) {
      const i = issues.get(comment[1] ?? '');
      if (!i) return { status: 404, body: notFoundBody };
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
      const m = JQL.exec(req.query.jql ?? '');
      if (!m)
        return {
          status: 400,
          body: { errorMessages: [`Error in the JQL Query: ${req.query.jql}`], errors: {} },
        };
      const list = [...issues.values()]
        .filter((i) => i.statusCategory !== 'done' && (!m[1] || i.key.startsWith(`${m[1]}-`)))
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
    addIssue(project: string, input: Parameters<FakeJira['addIssue']>[1]): FakeJiraIssue {
      const n = (counters.get(project) ?? 0) + 1;
      counters.set(project, n);
      const issue: FakeJiraIssue = {
        key: `${project}-${n}`,
        summary: input.summary,
        description: input.description ?? null,
        labels: input.labels ?? [],
        statusCategory: input.statusCategory ?? 'new',
        comments: input.comments ?? [],
        created: input.created ?? tick(),
      };
      issues.set(issue.key, issue);
      return issue;
    },
  });
  return fake;
}
