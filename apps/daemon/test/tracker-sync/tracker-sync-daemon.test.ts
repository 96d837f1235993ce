import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PullRequest, Session } from '@ao/shared/session';
import {
  type FakeGitHub,
  type FakeJira,
  type FakeLinear,
  makeProject,
  type ProjectFixture,
  startFakeGitHub,
  startFakeJira,
  startFakeLinear,
  waitFor,
} from '@ao/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackerWrites } from '../../src/db/schema';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const REPO = 'acme/sync';

const prOf = (number: number, state: PullRequest['state'] = 'open'): PullRequest => ({
  number,
  url: `https://github.com/${REPO}/pull/${number}`,
  title: 'Fix it',
  state,
  draft: false,
  headSha: 'a'.repeat(40),
  ci: 'passing',
  checks: [],
  reviewDecision: 'none',
  reviewersRequested: 0,
  unresolvedThreads: [],
  mergeable: 'mergeable',
});

/**
 * Two-way sync through a running daemon, per tracker, against the fakes speaking each protocol to the real clients
 * (Octokit, @linear/sdk, fetch): in progress at start, one comment linking the PR (also after a restart and after a
 * crash between the write and its record), done at merge. The PR reaches the session through the session port, as
 * the GitHub loop brings it.
 */
describe('tracker sync: issues follow their sessions, each write once (restart included)', () => {
  let d: TestDaemon;
  let gh: FakeGitHub;
  let lin: FakeLinear;
  let jira: FakeJira;
  const projects: ProjectFixture[] = [];
  const env = () => ({ JIRA_EMAIL: jira.email, JIRA_API_TOKEN: jira.token, LINEAR_API_KEY: lin.apiKey });

  const register = async (p: ProjectFixture) => {
    projects.push(p);
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  };
  const spawn = async (project: string, issue: number | string) => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { project, issue });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.session;
  };
  const prSeen = async (id: string, pr: PullRequest) => {
    d.app.sessions.update(id, { pr }, { event: 'pr.updated' });
    await d.app.trackerSync.idle();
  };
  /** Stops the daemon and starts another on the same data dir (its projects and sessions are in the database). */
  const restart = async () => {
    await d.close();
    d = await startTestDaemon({ dataDir: d.dataDir, env: env() });
  };
  const writesOf = (id: string) =>
    d.app.db.select().from(trackerWrites).where(eq(trackerWrites.sessionId, id)).all();

  beforeAll(async () => {
    [gh, lin, jira] = await Promise.all([startFakeGitHub(), startFakeLinear(), startFakeJira()]);
    gh.addRepo(REPO);
    d = await startTestDaemon({ env: env() });
  });
  afterAll(async () => {
    await d.stop();
    rmSync(d.dataDir, { recursive: true, force: true });
    await Promise.all([gh.close(), lin.close(), jira.close()]);
    for (const p of projects) p.cleanup();
  });

  it('GitHub: the in-progress label, one PR comment across a restart and a lost record, done label and close', async () => {
    gh.addIssue(REPO, { number: 7, title: 'Fix login redirect', labels: ['bug'] });
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    const sync = {
      inProgress: 'in progress',
      done: 'ao: merged',
      closeOnMerge: true,
      commentEscalations: true,
    };
    await register(
      await makeProject(
        'ghs',
        {
          tracker: 'github',
          trackers: { github: { ...github, sync } },
          scms: { github },
          github: { pollIntervalSec: 3600 },
        },
        { project: { repo: REPO } },
      ),
    );
    const s = await spawn('ghs', 7);
    const issue = gh.repo(REPO).issues.get(7);
    await waitFor(() => issue?.labels.includes('in progress'), 'in-progress label added');
    const pull = gh.addPull(REPO, { title: 'Fix login redirect', head: s.branch, body: 'Fixes #7' });
    await prSeen(s.id, prOf(pull.number));
    await prSeen(s.id, prOf(pull.number)); // seen again: no second comment
    const comments = () =>
      (issue?.comments ?? []).filter((c) => c.body.includes(`its pull request: ${prOf(pull.number).url}`));
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain(`session ${s.id}`);

    // An escalation: one comment in ao's words (the reaction's detail, text from GitHub, stays out), however often told.
    const escalate = () => {
      d.app.bus.emit('reaction.escalated', {
        sessionId: s.id,
        reaction: 'ci-failed',
        detail: '@everyone <img src=x> failing: test',
      });
      return d.app.trackerSync.idle();
    };
    await escalate();
    await escalate();
    const escalations = () => (issue?.comments ?? []).filter((c) => c.body.includes('escalated'));
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0]?.body).toContain('"ci-failed" reaction escalated');
    expect(escalations()[0]?.body).not.toContain('@everyone');

    await restart();
    await prSeen(s.id, prOf(pull.number));
    await escalate();
    expect(comments()).toHaveLength(1);
    expect(escalations()).toHaveLength(1);
    // A crash after the comment was posted, before it was recorded: the marker on the issue says it is there.
    d.app.db.delete(trackerWrites).where(eq(trackerWrites.kind, 'comment_pr')).run();
    await prSeen(s.id, prOf(pull.number));
    expect(comments()).toHaveLength(1);

    await prSeen(s.id, prOf(pull.number, 'merged'));
    expect(issue?.state).toBe('closed');
    expect(issue?.labels).toEqual(['bug', 'ao: merged']);
    expect(writesOf(s.id).map((w) => [w.kind, Boolean(w.doneAt)])).toEqual(
      expect.arrayContaining([
        ['in_progress', true],
        ['comment_pr', true],
        ['done', true],
      ]),
    );
  });

  it('Linear: workflow states by name through issueUpdate, one commentCreate across a restart', async () => {
    const issue = lin.addIssue('SYN', { title: 'Add a --json flag', stateType: 'unstarted' });
    const p = await makeProject('lins', ({ scratch }) => ({
      tracker: 'linear',
      trackers: {
        linear: {
          apiUrl: lin.apiUrl,
          teamKey: 'SYN',
          apiKeyFile: join(scratch, 'linear-key'),
          sync: { inProgress: 'In Progress', done: 'Done' },
        },
      },
    }));
    writeFileSync(join(p.scratch, 'linear-key'), `${lin.apiKey}\n`, { mode: 0o600 });
    await register(p);
    const s = await spawn('lins', issue.identifier);
    await waitFor(() => issue.stateName === 'In Progress', 'Linear issue in progress');
    expect(issue.stateType).toBe('started');
    await prSeen(s.id, prOf(11));
    await restart();
    await prSeen(s.id, prOf(11));
    d.app.db.delete(trackerWrites).where(eq(trackerWrites.kind, 'comment_pr')).run();
    await prSeen(s.id, prOf(11));
    expect(issue.comments.filter((c) => c.body.includes(`/pull/11`))).toHaveLength(1);
    expect(lin.operations('AoCommentCreate')).toHaveLength(1);
    await prSeen(s.id, prOf(11, 'merged'));
    expect(issue).toMatchObject({ stateName: 'Done', stateType: 'completed' });
    await prSeen(s.id, prOf(11, 'merged'));
    expect(lin.operations('AoIssueUpdate')).toHaveLength(2);
  });

  it('Jira: transitions by name, one ADF comment across a restart', async () => {
    const issue = jira.addIssue('SYNC', { summary: 'Export fails on empty rows' });
    await register(
      await makeProject('jirs', {
        tracker: 'jira',
        trackers: {
          jira: { baseUrl: jira.url, projectKey: 'SYNC', sync: { inProgress: 'In Progress', done: 'Done' } },
        },
      }),
    );
    const s = await spawn('jirs', issue.key);
    await waitFor(() => issue.status === 'In Progress', 'Jira issue in progress');
    await prSeen(s.id, prOf(12));
    await restart();
    await prSeen(s.id, prOf(12));
    d.app.db.delete(trackerWrites).where(eq(trackerWrites.kind, 'comment_pr')).run();
    await prSeen(s.id, prOf(12));
    const posts = jira.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comment'));
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(issue.comments.at(-1)?.body)).toContain(`/pull/12`);
    await prSeen(s.id, prOf(12, 'merged'));
    expect(issue).toMatchObject({ status: 'Done', statusCategory: 'done' });
  });

  it('a write that fails is logged, tried again on later triggers a bounded number of times, and blocks nothing', async () => {
    const issue = lin.addIssue('SYN', { title: 'Unknown state' });
    const p = await makeProject('linf', ({ scratch }) => ({
      tracker: 'linear',
      trackers: {
        linear: {
          apiUrl: lin.apiUrl,
          teamKey: 'SYN',
          apiKeyFile: join(scratch, 'linear-key'),
          sync: { inProgress: 'Doing' },
        },
      },
    }));
    writeFileSync(join(p.scratch, 'linear-key'), `${lin.apiKey}\n`, { mode: 0o600 });
    await register(p);
    const s = await spawn('linf', issue.identifier);
    for (let n = 0; n < 8; n++) await prSeen(s.id, prOf(20 + n));
    const row = writesOf(s.id).find((w) => w.kind === 'in_progress');
    expect(row).toMatchObject({ doneAt: null, attempts: 5 });
    expect(row?.error).toContain('no workflow state "Doing"');
    const lookups = lin.operations('AoIssueStates').filter((o) => o.variables.id === issue.identifier);
    expect(lookups).toHaveLength(5);
    expect(issue.stateName).toBe('Todo');
    // The session and the other writes went on: every PR got its comment.
    expect((await d.api<{ session: Session }>('GET', `/api/sessions/${s.id}`)).status).toBe(200);
    expect(issue.comments.filter((c) => c.body.includes('/pull/2'))).toHaveLength(8);
  });

  it('nothing is written where sync is not configured but the PR comment (on by default)', async () => {
    const issue = jira.addIssue('SYNC', { summary: 'Plain' });
    await register(
      await makeProject('jirp', {
        tracker: 'jira',
        trackers: { jira: { baseUrl: jira.url, projectKey: 'SYNC' } },
      }),
    );
    const s = await spawn('jirp', issue.key);
    await prSeen(s.id, prOf(13, 'merged'));
    expect(issue.status).toBe('To Do');
    expect(jira.requests.filter((r) => r.path.endsWith(`${issue.key}/transitions`))).toHaveLength(0);
    expect(issue.comments).toHaveLength(1);
  });
});
