import type { Session } from '@ao/shared/session';
import {
  type FakeGitHub,
  makeProject,
  type ProjectFixture,
  pullRequestPayload,
  readMessages,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { messages, reactionIncidents } from '../../src/db/schema';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/demo';
const BOT = 'Possible null dereference when returnTo is missing.';
const HUMAN = 'Read returnTo from the query string.';

interface Run {
  d: TestDaemon;
  gh: FakeGitHub;
  p: ProjectFixture;
  session: Session;
}

/** A daemon with a session whose PR gets one inline comment from CodeRabbit and one from a person. */
async function reviewedPr(reactions: Record<string, unknown> = {}): Promise<Run> {
  const gh = await startFakeGitHub();
  gh.addRepo(REPO);
  gh.addIssue(REPO, { number: 42, title: 'Fix login redirect', body: 'Users land on /home.', labels: [] });
  const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
  const p = await makeProject(
    'demo',
    {
      tracker: 'github',
      trackers: { github },
      scms: { github },
      github: { pollIntervalSec: 3600 },
      reactions,
    },
    { project: { repo: REPO } },
  );
  const d = await startTestDaemon();
  const run = { d, gh, p } as Run;
  expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  const secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
  const deliver = async (event: string, payload: unknown) => {
    const { rawBody, headers } = signedDelivery(secret, event, payload);
    const res = await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    expect(res.status).toBe(202);
  };
  const res = await d.api<{ session: Session }>('POST', '/api/sessions', { issue: 42 });
  expect(res.status).toBe(201);
  const session = res.body.session;
  run.session = session;
  await waitFor(() => readMessages(p.messagesFile).length > 0, 'issue prompt delivered');
  await p.git(['-c', 'commit.gpgsign=false', 'commit', '--allow-empty', '-m', 'fix'], session.worktreePath);
  await p.git(['push', 'origin', session.branch], session.worktreePath);
  const sha = await p.git(['rev-parse', 'HEAD'], session.worktreePath);
  const pull = gh.addPull(REPO, { title: 'Fix login redirect', head: { ref: session.branch, sha } });
  await deliver(
    'pull_request',
    pullRequestPayload(REPO, { action: 'opened', number: pull.number, ref: session.branch, sha }),
  );
  await waitFor(async () => (await current(run))?.pr?.number === pull.number, 'PR linked');

  const thread = (line: number, author: string, body: string) =>
    gh.addThread(REPO, { pull: pull.number, path: 'src/login.ts', line, comments: [{ author, body }] });
  thread(3, 'coderabbitai[bot]', BOT);
  thread(9, 'alice', HUMAN);
  const comment = pullRequestPayload(
    REPO,
    { number: pull.number, ref: session.branch },
    'pull_request_review_comment',
    (x) => x.action === 'created',
  );
  await deliver('pull_request_review_comment', comment);
  await waitFor(async () => (await current(run))?.pr?.unresolvedThreads.length === 2, 'both threads read');
  await waitFor(() => d.app.github.inbox.pending().length === 0, 'deliveries processed');
  return run;
}

const current = async (r: Run) =>
  (await r.d.api<{ session: Session }>('GET', `/api/sessions/${r.session.id}`)).body.session;
/** What ao sent the agent (rows written when sent). */
const sent = (r: Run) =>
  r.d.app.db
    .select()
    .from(messages)
    .where(eq(messages.sessionId, r.session.id))
    .all()
    .map((m) => m.text);
const incidents = (r: Run) =>
  r.d.app.db
    .select()
    .from(reactionIncidents)
    .where(eq(reactionIncidents.sessionId, r.session.id))
    .all()
    .map((i) => i.kind);

describe('bot review comments reach the agent under their own reaction (real daemon, fake GitHub)', () => {
  let run: Run | undefined;
  afterEach(async () => {
    if (!run) return;
    await run.d.stop();
    await run.gh.close();
    run.p.cleanup();
    run = undefined;
  });

  it("sends CodeRabbit's comment as bot_review and a person's as changes_requested, each once", async () => {
    run = await reviewedPr();
    const r = run;
    const bot = await waitFor(
      () => readMessages(r.p.messagesFile).find((m) => m.includes(BOT)),
      'bot comment',
    );
    const human = await waitFor(() => readMessages(r.p.messagesFile).find((m) => m.includes(HUMAN)), 'human');
    expect(bot).toContain('Automated review bots commented');
    expect(bot).toContain('src/login.ts:3 — @coderabbitai[bot]: '); // a GraphQL Bot, named as REST does
    expect(bot).not.toContain(HUMAN);
    expect(human).toContain('Review comments have been posted');
    expect(human).not.toContain(BOT);
    expect(sent(r).filter((m) => m.includes(BOT))).toHaveLength(1);
    expect(sent(r).filter((m) => m.includes(HUMAN))).toHaveLength(1);
    expect(incidents(r).sort()).toEqual(['bot_review', 'changes_requested']);
    const report = await r.d.api<{ reviewers: Array<{ kind: string; inlineComments: number }> }>(
      'GET',
      '/api/report',
    );
    expect(
      report.body.reviewers
        .filter((x) => x.inlineComments > 0)
        .map((x) => x.kind)
        .sort(),
    ).toEqual(['bot', 'human']);
  });

  it('with bot_review off, only the person’s comment reaches the agent', async () => {
    run = await reviewedPr({ bot_review: { enabled: false } });
    const r = run;
    await waitFor(() => readMessages(r.p.messagesFile).find((m) => m.includes(HUMAN)), 'human comment');
    expect(sent(r).some((m) => m.includes(BOT))).toBe(false);
    expect(incidents(r)).toEqual(['changes_requested']);
  });
});
