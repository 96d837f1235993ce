import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { syncFromGit } from './git-backing';
import { answerGraphql } from './graphql';
import type { RenderCtx } from './render';
import { renderRepo, renderUser } from './render';
import { renderCheckRun } from './render-check';
import { renderIssue } from './render-issue';
import { renderPull } from './render-pull';
import { countRequests, type RecordedRequest, recordOf } from './request-log';
import type { Reply } from './route-kit';
import { routes } from './routes';
import { createSeeders, type FakeSeeders } from './seed';
import type { FakeRepo } from './state';

export { endpointOf, type RecordedRequest } from './request-log';
export type { FakeSeeders } from './seed';
export type {
  FakeCheckRun,
  FakeComment,
  FakeIssue,
  FakePull,
  FakeRepo,
  FakeReview,
  FakeStatus,
  FakeThread,
  FakeThreadComment,
  MergeableState,
} from './state';
export { fakeSha } from './state';

export interface FakeGitHubOptions {
  /** Accepted tokens (`Authorization: token <t>` or `Bearer <t>`). Default: one random token, in `token`. */
  tokens?: string[];
  /** Login of the authenticated user (`GET /user`, GraphQL `viewer`). */
  login?: string;
  /** Milliseconds every answer waits before it is sent (GitHub's own response time); settable later as `latencyMs`. */
  latencyMs?: number;
}

export interface FakeGitHub extends FakeSeeders {
  /** REST base URL for Octokit's `baseUrl` (`http://127.0.0.1:<port>`). */
  url: string;
  /** GraphQL endpoint (`<url>/graphql`). */
  graphqlUrl: string;
  /** The first accepted token. */
  token: string;
  login: string;
  /** Every request so far, in order (including 401s, 304s and the redirected log downloads). */
  requests: RecordedRequest[];
  /** Requests whose method matches and whose path matches `path` (exact string or RegExp). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[];
  /**
   * Requests per endpoint and status, e.g. `{'GET /repos/{owner}/{repo}/pulls/{n} 304': 3}` (ids and shas in paths
   * shown as `{n}` and `{sha}`), over `requests` or the given slice of them.
   */
  requestCounts(of?: RecordedRequest[]): Record<string, number>;
  clearRequests(): void;
  /** Added before every answer (ms). */
  latencyMs: number;
  /** Requests received and not answered yet (waiting out `latencyMs` or being handled). */
  readonly waiting: number;
  /** The state of a repository (`owner/name`), to read or mutate directly. Throws if unknown. */
  repo(fullName: string): FakeRepo;
  /** REST bodies as the server would send them (for building webhook payloads consistent with the state). */
  render: {
    pull(fullName: string, number: number): ReturnType<typeof renderPull>;
    issue(fullName: string, number: number): ReturnType<typeof renderIssue>;
    checkRun(fullName: string, id: number): ReturnType<typeof renderCheckRun>;
    repo(fullName: string): ReturnType<typeof renderRepo>;
    user(login: string): ReturnType<typeof renderUser>;
  };
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a fake GitHub API on 127.0.0.1 (random port) that the real Octokit clients talk to through `baseUrl`.
 * GET answers carry an ETag (hash of the body) and honour `If-None-Match` with 304; every request needs a token.
 */
export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const tokens = opts.tokens ?? [`ghp_fake_${randomBytes(8).toString('hex')}`];
  const login = opts.login ?? 'ao-bot';
  const signKey = randomBytes(16);
  const repos = new Map<string, FakeRepo>();
  const requests: RecordedRequest[] = [];
  const ctx: RenderCtx = { api: '', html: 'https://github.com' };
  let rateUsed = 0;

  const getRepo = (fullName: string): FakeRepo => {
    const repo = repos.get(fullName);
    if (!repo) throw new Error(`fake GitHub: unknown repo ${fullName}`);
    return repo;
  };
  const sign = (path: string) => createHmac('sha256', signKey).update(path).digest('hex');
  const logDownloadUrl = (repo: FakeRepo, jobId: number) => {
    const path = `/_blobs/logs/${repo.owner}/${repo.name}/${jobId}`;
    return `${ctx.api}${path}?sig=${sign(path)}`;
  };

  function route(method: string, path: string, query: URLSearchParams, body: unknown): Reply {
    if (method === 'GET' && path === '/user') return { status: 200, body: renderUser(ctx, login) };
    if (method === 'POST' && path === '/graphql') {
      return answerGraphql(ctx, repos, (body ?? {}) as { query?: unknown; variables?: unknown }, login);
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const repo = m ? repos.get(`${m[1]}/${m[2]}`) : undefined;
    if (!m || !repo) return { status: 404, body: { message: 'Not Found' } };
    syncFromGit(repo);
    const rest = m[3] ?? '';
    for (const r of routes) {
      if (r.method !== method) continue;
      const pm = r.pattern.exec(rest);
      if (!pm) continue;
      const input = {
        repo,
        params: pm.slice(1),
        query,
        body: (body ?? {}) as Record<string, unknown>,
        ctx,
        logDownloadUrl,
      };
      return r.handler(input);
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  function serveBlob(path: string, query: URLSearchParams, res: ServerResponse): number {
    const m = /^\/_blobs\/logs\/([^/]+)\/([^/]+)\/(\d+)$/.exec(path);
    const log = m ? repos.get(`${m[1]}/${m[2]}`)?.jobLogs.get(Number(m[3])) : undefined;
    if (!m || log === undefined || query.get('sig') !== sign(path)) {
      res
        .writeHead(403, { 'content-type': 'application/xml' })
        .end('<Error><Code>AuthenticationFailed</Code></Error>');
      return 403;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(log);
    return 200;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<number> {
    const u = new URL(req.url ?? '/', ctx.api);
    const method = req.method ?? 'GET';
    if (u.pathname.startsWith('/_blobs/')) return serveBlob(u.pathname, u.searchParams, res);
    const auth = req.headers.authorization ?? '';
    const am = /^(?:token|bearer)\s+(\S+)$/i.exec(auth);
    if (!am?.[1] || !tokens.includes(am[1])) {
      json(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return 401;
    }
    const raw = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch (err) {
        json(res, 400, { message: `Problems parsing JSON: ${(err as Error).message}` });
        return 400;
      }
    }
    record.body = body;
    const reply = route(method, u.pathname, u.searchParams, body);
    const headers: Record<string, string> = {
      'x-github-request-id': randomBytes(6).toString('hex'),
      ...reply.headers,
    };
    const payload = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    if (method === 'GET' && reply.status === 200) {
      const etag = `W/"${createHash('sha256').update(payload).digest('hex').slice(0, 32)}"`;
      headers.etag = etag;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ...headers, 'x-ratelimit-used': String(rateUsed) }).end();
        return 304;
      }
    }
    rateUsed += 1;
    headers['x-ratelimit-limit'] = '5000';
    headers['x-ratelimit-used'] = String(rateUsed);
    headers['x-ratelimit-remaining'] = String(Math.max(5000 - rateUsed, 0));
    if (reply.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    else if (reply.text !== undefined) headers['content-type'] = 'text/plain; charset=utf-8';
    res.writeHead(reply.status, headers).end(payload);
    return reply.status;
  }

  let waiting = 0;
  const server = createServer(async (req, res) => {
    waiting += 1;
    res.once('close', () => {
      waiting -= 1;
    });
    if (fake.latencyMs > 0) await new Promise((r) => setTimeout(r, fake.latencyMs));
    const record = recordOf(req);
    requests.push(record);
    handle(req, res, record).then(
      (status) => {
        record.status = status;
      },
      (err: unknown) => {
        record.status = 500;
        json(res, 500, { message: `fake GitHub crashed: ${(err as Error).stack ?? String(err)}` });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx.api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeGitHub = {
    url: ctx.api,
    graphqlUrl: `${ctx.api}/graphql`,
    token: tokens[0] ?? '',
    login,
    requests,
    requestsTo: (method, path) =>
      requests.filter(
        (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
      ),
    requestCounts: (of = requests) => countRequests(of),
    clearRequests: () => {
      requests.length = 0;
    },
    latencyMs: opts.latencyMs ?? 0,
    get waiting() {
      return waiting;
    },
    repo: getRepo,
    ...createSeeders(repos, getRepo),
    render: {
      pull: (fullName, n) => {
        const repo = getRepo(fullName);
        const pr = repo.pulls.get(n);
        if (!pr) throw new Error(`fake GitHub: no pull ${fullName}#${n}`);
        return renderPull(ctx, repo, pr, true);
      },
      issue: (fullName, n) => {
        const repo = getRepo(fullName);
        const issue = repo.issues.get(n) ?? repo.pulls.get(n);
        if (!issue) throw new Error(`fake GitHub: no issue ${fullName}#${n}`);
        return renderIssue(ctx, repo, issue);
      },
      checkRun: (fullName, id) => {
        const repo = getRepo(fullName);
        const run = repo.checkRuns.find((c) => c.id === id);
        if (!run) throw new Error(`fake GitHub: no check run ${id} in ${fullName}`);
        return renderCheckRun(ctx, repo, run);
      },
      repo: (fullName) => renderRepo(ctx, getRepo(fullName)),
      user: (l) => renderUser(ctx, l),
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}
