// A minimal fake GitHub for the benchmarks: the REST and GraphQL routes the scm-github plugin calls (find a PR by
// branch, read a PR, its head's check runs and combined status, the review GraphQL query), with ETags and 304s for
// conditional GETs, and a log of every request (method, route, status, time) to count them.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const json = (status, body) => ({ status, body });

function renderPull(api, repo, pr) {
  return {
    url: `${api}/repos/${repo.full}/pulls/${pr.number}`,
    html_url: `https://github.com/${repo.full}/pull/${pr.number}`,
    number: pr.number,
    title: pr.title,
    state: pr.state,
    draft: false,
    merged: pr.merged,
    merged_at: pr.merged ? pr.updatedAt : null,
    mergeable: true,
    mergeable_state: 'clean',
    requested_reviewers: [],
    requested_teams: [],
    head: { ref: pr.head.ref, sha: pr.head.sha, repo: { full_name: repo.full } },
    base: { ref: 'main', sha: repo.baseSha, repo: { full_name: repo.full } },
    user: { login: 'ao-bot' },
    updated_at: pr.updatedAt,
  };
}

function renderRun(repo, run) {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    html_url: `https://github.com/${repo.full}/runs/${run.id}`,
    details_url: `https://github.com/${repo.full}/runs/${run.id}`,
    app: { slug: 'github-actions' },
    output: { title: null, summary: null, text: null },
  };
}

/** REST routes under /repos/:owner/:name; returns `{route, reply}` (route: a label for counting). */
function restRoute(api, repo, method, rest, query) {
  if (method !== 'GET') return { route: `${method} other`, reply: json(404, { message: 'Not Found' }) };
  if (rest === '/pulls') {
    const head = query.get('head') ?? '';
    const branch = head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
    const state = query.get('state') ?? 'open';
    const list = [...repo.pulls.values()]
      .filter((p) => (!head || p.head.ref === branch) && (state === 'all' || p.state === state))
      .sort((a, b) => b.number - a.number)
      .map((p) => renderPull(api, repo, p));
    return { route: 'GET pulls (list)', reply: json(200, list) };
  }
  let m = /^\/pulls\/(\d+)$/.exec(rest);
  if (m) {
    const pr = repo.pulls.get(Number(m[1]));
    return {
      route: 'GET pull',
      reply: pr ? json(200, renderPull(api, repo, pr)) : json(404, { message: 'Not Found' }),
    };
  }
  m = /^\/commits\/([^/]+)\/check-runs$/.exec(rest);
  if (m) {
    const runs = repo.checkRuns.filter((r) => r.headSha === m[1]).map((r) => renderRun(repo, r));
    return { route: 'GET check-runs', reply: json(200, { total_count: runs.length, check_runs: runs }) };
  }
  m = /^\/commits\/([^/]+)\/status$/.exec(rest);
  if (m) {
    const statuses = repo.statuses.filter((s) => s.sha === m[1]);
    const state = statuses.some((s) => s.state === 'failure')
      ? 'failure'
      : statuses.length
        ? 'success'
        : 'pending';
    const body = { state, sha: m[1], total_count: statuses.length, statuses };
    return { route: 'GET status', reply: json(200, body) };
  }
  return { route: 'GET other', reply: json(404, { message: 'Not Found' }) };
}

function graphqlRoute(repos, body) {
  const v = body?.variables ?? {};
  const repo = repos.get(`${v.owner}/${v.name}`);
  const pr = repo?.pulls.get(Number(v.number));
  if (!/aoPrReviews/.test(String(body?.query ?? '')) || !pr)
    return json(200, { data: null, errors: [{ message: 'fake GitHub: unsupported query' }] });
  const nodes = pr.reviews.map((r) => ({ state: r.state, author: { login: r.author } }));
  const decision = nodes.some((n) => n.state === 'CHANGES_REQUESTED')
    ? 'CHANGES_REQUESTED'
    : nodes.some((n) => n.state === 'APPROVED')
      ? 'APPROVED'
      : null;
  const pullRequest = { reviewDecision: decision, latestReviews: { nodes }, reviewThreads: { nodes: [] } };
  return json(200, { data: { repository: { pullRequest } } });
}

/**
 * Starts the fake on 127.0.0.1 (random port). Returns `{url, graphqlUrl, token, addRepo, addPull, setCheck, log,
 * counts(since), close}`; `log` holds `{at, method, path, route, status}` per request (`at`: performance.now()).
 */
export async function startFakeGitHub() {
  const token = `ghp_bench_${randomBytes(8).toString('hex')}`;
  const repos = new Map();
  const log = [];
  let api = '';
  let nextId = 1000;

  const route = (method, path, query, body) => {
    if (method === 'POST' && path === '/graphql')
      return { route: 'POST graphql', reply: graphqlRoute(repos, body) };
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const repo = m ? repos.get(`${m[1]}/${m[2]}`) : undefined;
    if (!repo) return { route: `${method} other`, reply: json(404, { message: 'Not Found' }) };
    return restRoute(api, repo, method, m[3] ?? '', query);
  };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const entry = { at: performance.now(), method: req.method, path: u.pathname, route: '', status: 0 };
      log.push(entry);
      const send = (status, headers, payload = '') => {
        entry.status = status;
        res.writeHead(status, headers).end(payload);
      };
      if (!new RegExp(`^(token|bearer) ${token}$`, 'i').test(req.headers.authorization ?? '')) {
        entry.route = 'unauthorized';
        return send(401, { 'content-type': 'application/json' }, '{"message":"Bad credentials"}');
      }
      let body = null;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
      } catch (err) {
        entry.route = 'bad json';
        return send(400, { 'content-type': 'application/json' }, JSON.stringify({ message: err.message }));
      }
      const { route: label, reply } = route(req.method, u.pathname, u.searchParams, body);
      entry.route = label;
      const payload = JSON.stringify(reply.body);
      const headers = { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000' };
      if (req.method === 'GET' && reply.status === 200) {
        headers.etag = `W/"${createHash('sha256').update(payload).digest('hex').slice(0, 32)}"`;
        if (req.headers['if-none-match'] === headers.etag) return send(304, { etag: headers.etag });
      }
      send(reply.status, headers, payload);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${server.address().port}`;

  const repoOf = (full) => {
    const repo = repos.get(full);
    if (!repo) throw new Error(`fake GitHub: unknown repo ${full}`);
    return repo;
  };
  return {
    url: api,
    graphqlUrl: `${api}/graphql`,
    token,
    log,
    addRepo(full) {
      repos.set(full, { full, pulls: new Map(), checkRuns: [], statuses: [], baseSha: fakeSha('base') });
    },
    /** An open PR from `branch` at `sha` with one check run `test` (completed/success unless told). */
    addPull(
      full,
      { branch, sha, title = `Bench ${branch}`, check = { status: 'completed', conclusion: 'success' } },
    ) {
      const repo = repoOf(full);
      const number = repo.pulls.size + 1;
      const pr = { number, title, state: 'open', merged: false, head: { ref: branch, sha }, reviews: [] };
      pr.updatedAt = new Date().toISOString();
      repo.pulls.set(number, pr);
      repo.checkRuns.push({ id: nextId++, name: 'test', headSha: sha, ...check });
      return pr;
    },
    /** Sets the `test` check run on `sha`; returns it. */
    setCheck(full, sha, status, conclusion) {
      const run = repoOf(full).checkRuns.find((r) => r.headSha === sha && r.name === 'test');
      if (!run) throw new Error(`fake GitHub: no check run on ${sha}`);
      run.status = status;
      run.conclusion = conclusion;
      return run;
    },
    /** Requests logged after `since` (performance.now()), by route and status (`304` separate). */
    counts(since = 0) {
      const out = {};
      for (const e of log) {
        if (e.at < since) continue;
        const key = `${e.route} ${e.status}`;
        out[key] = (out[key] ?? 0) + 1;
      }
      return out;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A 40-hex-digit commit id derived from a label. */
export const fakeSha = (label) => createHash('sha1').update(String(label)).digest('hex');
