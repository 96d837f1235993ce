// Shared set-up of the GitHub benchmarks: a fake GitHub, a project on `acme/bench` whose scm plugin talks to it, the
// real daemon, N sessions (generic agent that sleeps), and one open PR per session's branch.
import { cleanup, freePort, startDaemon } from '../lib/daemon.mjs';
import { spawnMany } from '../lib/spawn-many.mjs';
import { mapLimit, waitFor } from '../lib/wait.mjs';
import { fakeSha, startFakeGitHub } from './fake-github.mjs';
import { makeConfiguredProject } from './project2.mjs';
import { deliver, pullRequestPayload, signedDelivery } from './webhooks.mjs';

export const REPO = 'acme/bench';

/**
 * Fake GitHub + project (poll interval `pollIntervalSec`) + running daemon, filled into `b` as they start (so the
 * caller's `finally` can always `stopGithubBench(b, dataDir)`): `b.gh`, `b.project`, `b.daemon`, `b.secret`.
 */
export async function startGithubBench(b, { dataDir, id, pollIntervalSec }) {
  b.gh = await startFakeGitHub();
  b.gh.addRepo(REPO);
  const conn = { baseUrl: b.gh.url, graphqlUrl: b.gh.graphqlUrl, token: b.gh.token };
  b.project = await makeConfiguredProject(
    id,
    {
      agent: 'generic',
      runtime: 'tmux',
      agents: { generic: { command: ['sleep', '3600'], prompt: 'none' } },
      scm: 'github',
      scms: { github: conn },
      github: { pollIntervalSec },
    },
    { repo: REPO },
  );
  b.daemon = await startDaemon({ dataDir, port: await freePort(), configPath: b.project.configPath });
  b.secret = (await b.daemon.api('GET', '/api/github/webhook')).body.secret;
  return b;
}

/** Stops what `startGithubBench` started: daemon, tmux server, fake GitHub, temp dirs. */
export async function stopGithubBench(b, dataDir) {
  await cleanup({ daemon: b.daemon, dataDir, dirs: b.project ? [b.project.root] : [] });
  if (b.gh) await b.gh.close().catch((err) => console.error(`closing the fake GitHub: ${err.message}`));
}

/**
 * Spawns `count` sessions and opens a PR for each branch at the fake (check `test` green). With `link: 'webhook'`
 * a signed `pull_request` opened delivery links each; with `link: 'poll'` the reconciler finds them. Waits until
 * every session shows its PR. Returns `[{id, branch, number, sha}]`.
 */
export async function sessionsWithPrs(b, count, { link }) {
  const spawned = await spawnMany(b.daemon, count, { limit: 5, label: 'github' });
  const { body } = await b.daemon.api('GET', '/api/sessions');
  const rows = body.sessions.filter((s) => spawned.ids.includes(s.id));
  const prs = rows.map((s) => {
    const sha = fakeSha(`${s.branch}-1`);
    const pr = b.gh.addPull(REPO, { branch: s.branch, sha });
    return { id: s.id, branch: s.branch, number: pr.number, sha };
  });
  if (link === 'webhook') {
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
      const all = (await b.daemon.api('GET', '/api/sessions')).body.sessions;
      const linked = new Map(all.map((s) => [s.id, s.pr?.number]));
      return prs.every((p) => linked.get(p.id) === p.number);
    },
    `${count} sessions to show their PR`,
    link === 'poll' ? 90_000 : 30_000,
    250,
  );
  return prs;
}
