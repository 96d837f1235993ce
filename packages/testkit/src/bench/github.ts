import { cleanup, type DaemonProcess, startDaemon } from '../daemon-process';
import { type FakeGitHub, fakeSha, startFakeGitHub } from '../fake-github/server';
import type { CheckConclusion, CheckStatus, FakeCheckRun, FakePull } from '../fake-github/state';
import { freePort } from '../http';
import { makeProject, type ProjectFixture } from '../project';
import { mapLimit, waitFor } from '../wait';
import { deliver, pullRequestPayload, signedDelivery } from '../webhooks';
import { spawnMany } from './spawn';

/** The GitHub benchmarks' set-up on the one fake GitHub: a project on `acme/bench`, sessions with a PR each. */

export const REPO = 'acme/bench';

/** An open PR from `branch` at `sha` with one check run `test` (completed/success unless told). */
export function addBenchPull(
  gh: FakeGitHub,
  fullName: string,
  p: {
    branch: string;
    sha: string;
    title?: string;
    check?: { status: CheckStatus; conclusion: CheckConclusion };
  },
): FakePull {
  const pr = gh.addPull(fullName, {
    title: p.title ?? `Bench ${p.branch}`,
    head: { ref: p.branch, sha: p.sha },
  });
  const check = p.check ?? { status: 'completed', conclusion: 'success' };
  gh.addCheckRun(fullName, {
    name: 'test',
    headSha: p.sha,
    status: check.status,
    conclusion: check.conclusion,
  });
  return pr;
}

/** Sets the `test` check run on `sha`; returns it. */
export function setCheck(
  gh: FakeGitHub,
  fullName: string,
  sha: string,
  status: CheckStatus,
  conclusion: CheckConclusion,
): FakeCheckRun {
  const run = gh.repo(fullName).checkRuns.find((r) => r.headSha === sha && r.name === 'test');
  if (!run) throw new Error(`fake GitHub: no check run "test" on ${sha}`);
  run.status = status;
  run.conclusion = conclusion;
  run.completedAt = status === 'completed' ? new Date().toISOString() : null;
  return run;
}

/** A label per kind of request, for counting: `GET pull`, `GET pulls (list)`, `GET check-runs`, `POST graphql`... */
export function routeOf(method: string, path: string): string {
  if (path.startsWith('/_blobs/')) return 'log download';
  if (method === 'POST' && path === '/graphql') return 'POST graphql';
  const rest = path.replace(/^\/repos\/[^/]+\/[^/]+/, '');
  if (method === 'GET' && /^\/pulls\/\d+$/.test(rest)) return 'GET pull';
  if (method === 'GET' && rest === '/pulls') return 'GET pulls (list)';
  if (method === 'GET' && /\/check-runs$/.test(rest)) return 'GET check-runs';
  if (method === 'GET' && /\/status$/.test(rest)) return 'GET status';
  if (method === 'GET' && /^\/actions\/jobs\/\d+\/logs$/.test(rest)) return 'GET job logs';
  return `${method} other`;
}

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  route: string;
  status: number;
}

/** The fake's requests as `{at, method, path, route, status}`. */
export function requestLog(gh: FakeGitHub): LoggedRequest[] {
  return gh.requests.map((r) => ({
    at: r.at,
    method: r.method,
    path: r.path,
    route: r.status === 401 ? 'unauthorized' : routeOf(r.method, r.path),
    status: r.status,
  }));
}

/**
 * The fake GitHub with the benchmarks' older helpers (`log`, `addPull(repo, {branch, sha})`, `setCheck`, `counts`):
 * for bench scripts written against them.
 */
export async function startBenchFakeGitHub() {
  const gh = await startFakeGitHub();
  return {
    ...gh,
    gh,
    get log(): LoggedRequest[] {
      return requestLog(gh);
    },
    addPull: (fullName: string, p: Parameters<typeof addBenchPull>[2]) => addBenchPull(gh, fullName, p),
    setCheck: (fullName: string, sha: string, status: CheckStatus, conclusion: CheckConclusion) =>
      setCheck(gh, fullName, sha, status, conclusion),
    /** Requests logged after `since` (performance.now()), by route and status. */
    counts(since = 0): Record<string, number> {
      const out: Record<string, number> = {};
      for (const e of requestLog(gh)) {
        if (e.at < since) continue;
        const key = `${e.route} ${e.status}`;
        out[key] = (out[key] ?? 0) + 1;
      }
      return out;
    },
  };
}
export { fakeSha };

export interface GithubBench {
  gh?: Awaited<ReturnType<typeof startBenchFakeGitHub>>;
  project?: ProjectFixture;
  daemon?: DaemonProcess;
  secret?: string;
}

/**
 * Fake GitHub + project on `acme/bench` (poll interval `pollIntervalSec`; agent: generic, `sleep 3600`) + running
 * daemon, filled into `b` as they start (so the caller's `finally` can always `stopGithubBench(b, dataDir)`).
 */
export async function startGithubBench(
  b: GithubBench,
  opts: { dataDir: string; id: string; pollIntervalSec: number },
): Promise<Required<GithubBench>> {
  const gh = await startBenchFakeGitHub();
  b.gh = gh;
  gh.addRepo(REPO);
  const conn = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
  b.project = await makeProject(
    opts.id,
    {
      agent: 'generic',
      agents: { generic: { command: ['sleep', '3600'], prompt: 'none' } },
      scm: 'github',
      scms: { github: conn },
      github: { pollIntervalSec: opts.pollIntervalSec },
    },
    { project: { repo: REPO }, tmpPrefix: 'ao-bench-git-' },
  );
  b.daemon = await startDaemon({
    dataDir: opts.dataDir,
    port: await freePort(),
    configPath: b.project.configPath,
  });
  b.secret = (await b.daemon.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
  return b as Required<GithubBench>;
}

/** Stops what `startGithubBench` started: daemon, tmux server, fake GitHub, temp dirs. */
export async function stopGithubBench(b: GithubBench, dataDir: string): Promise<void> {
  await cleanup({ daemon: b.daemon, dataDir, dirs: b.project ? [b.project.root] : [] });
  if (b.gh)
    await b.gh.close().catch((err: Error) => console.error(`closing the fake GitHub: ${err.message}`));
}

/**
 * Spawns `count` sessions and opens a PR for each branch at the fake (check `test` green). With `link: 'webhook'` a
 * signed `pull_request` opened delivery links each; with `link: 'poll'` the reconciler finds them. Waits until every
 * session shows its PR.
 */
export async function sessionsWithPrs(
  b: Required<GithubBench>,
  count: number,
  opts: { link: 'webhook' | 'poll' },
): Promise<Array<{ id: string; branch: string; number: number; sha: string }>> {
  const spawned = await spawnMany(b.daemon, count, { limit: 5, label: 'github' });
  const { body } = await b.daemon.api<{ sessions: Array<{ id: string; branch: string }> }>(
    'GET',
    '/api/sessions',
  );
  const rows = body.sessions.filter((s) => spawned.ids.includes(s.id));
  const prs = rows.map((s) => {
    const sha = fakeSha(`${s.branch}-1`);
    const pr = addBenchPull(b.gh.gh, REPO, { branch: s.branch, sha });
    return { id: s.id, branch: s.branch, number: pr.number, sha };
  });
  if (opts.link === 'webhook') {
    await mapLimit(prs, 5, async (p) => {
      const res = await deliver(
        b.daemon.url,
        signedDelivery(b.secret, 'pull_request', pullRequestPayload(REPO, p)),
      );
      if (res.status !== 202) throw new Error(`linking webhook for ${p.id}: HTTP ${res.status}`);
    });
  }
  await waitFor(
    async () => {
      const all = (
        await b.daemon.api<{ sessions: Array<{ id: string; pr?: { number: number } }> }>(
          'GET',
          '/api/sessions',
        )
      ).body.sessions;
      const linked = new Map(all.map((s) => [s.id, s.pr?.number]));
      return prs.every((p) => linked.get(p.id) === p.number);
    },
    `${count} sessions to show their PR`,
    opts.link === 'poll' ? 90_000 : 30_000,
    250,
  );
  return prs;
}
