import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  type FakeGitHub,
  type FakeJira,
  type FakeLinear,
  JIRA_ME,
  LINEAR_VIEWER,
  makeProject,
  type ProjectFixture,
  startFakeGitHub,
  startFakeJira,
  startFakeLinear,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

type Err = { error: { code: string; message: string } };

describe('auto-pickup by state and assignee (fake Linear, Jira and GitHub; real daemon, SDK, git and tmux)', () => {
  let d: TestDaemon;
  let lin: FakeLinear;
  let jira: FakeJira;
  let gh: FakeGitHub;
  const projects: ProjectFixture[] = [];

  const register = async (p: ProjectFixture) => {
    projects.push(p);
    const res = await d.api<Err>('POST', '/api/projects', { configPath: p.configPath });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return p;
  };
  const sessionsOf = async (project: string) =>
    (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions.filter(
      (s) => s.project === project,
    );
  /** Runs one reconcile (auto-pickup of every project) and waits for `count` sessions of `project`. */
  const picked = async (project: string, count: number) => {
    await d.app.github.loop.reconcile();
    return waitFor(async () => {
      const list = await sessionsOf(project);
      return list.length >= count ? list : null;
    }, `${count} sessions of ${project}`);
  };

  beforeAll(async () => {
    [lin, jira, gh] = await Promise.all([startFakeLinear(), startFakeJira(), startFakeGitHub()]);
    d = await startTestDaemon({
      env: { JIRA_EMAIL: jira.email, JIRA_API_TOKEN: jira.token, LINEAR_API_KEY: '' },
    });
  }, 60_000);
  afterAll(async () => {
    await d?.stop();
    await Promise.all([lin?.close(), jira?.close(), gh?.close()]);
    for (const p of projects) p.cleanup();
  });

  it('Linear: only issues in the configured state and assigned to the API key user ("me") are started', async () => {
    const me = LINEAR_VIEWER.email;
    const want = lin.addIssue('ENG', { title: 'Mine, todo', stateName: 'Todo', assignee: me });
    lin.addIssue('ENG', {
      title: 'Mine, started',
      stateType: 'started',
      stateName: 'In Progress',
      assignee: me,
    });
    lin.addIssue('ENG', { title: 'Someone else', stateName: 'Todo', assignee: 'other@example.com' });
    lin.addIssue('ENG', { title: 'Nobody', stateName: 'Todo' });
    lin.addIssue('OPS', { title: 'Other team', stateName: 'Todo', assignee: me });
    const p = await makeProject('linf', ({ scratch }) => ({
      tracker: 'linear',
      trackers: { linear: { apiUrl: lin.apiUrl, teamKey: 'ENG', apiKeyFile: join(scratch, 'key') } },
      github: { pollIntervalSec: 3600, autoPickup: { states: ['Todo'], assignee: 'me' } },
    }));
    writeFileSync(join(p.scratch, 'key'), lin.apiKey, { mode: 0o600 });
    await register(p);
    const list = await picked('linf', 1);
    expect(list.map((s) => s.issue?.key)).toEqual([want.identifier]);
    // The filter went to Linear as GraphQL variables (server-side), not applied after listing.
    const ops = lin.operations('AoOpenIssues');
    expect(ops.at(-1)?.variables.filter).toEqual({
      state: { type: { nin: ['completed', 'canceled'] }, name: { in: ['Todo'] } },
      team: { key: { eq: 'ENG' } },
      assignee: { isMe: { eq: true } },
    });
  });

  it("Linear: an assignee email (any case) picks that user's issues", async () => {
    const want = lin.addIssue('ENG', {
      title: 'Carol todo',
      stateName: 'Todo',
      assignee: 'carol@example.com',
    });
    const p = await makeProject('linc', ({ scratch }) => ({
      tracker: 'linear',
      trackers: { linear: { apiUrl: lin.apiUrl, teamKey: 'ENG', apiKeyFile: join(scratch, 'key') } },
      github: { pollIntervalSec: 3600, autoPickup: { assignee: 'Carol@Example.com' } },
    }));
    writeFileSync(join(p.scratch, 'key'), lin.apiKey, { mode: 0o600 });
    await register(p);
    expect((await picked('linc', 1)).map((s) => s.issue?.key)).toEqual([want.identifier]);
  });

  it('Jira: only issues in the configured status and assigned to currentUser() are started', async () => {
    const want = jira.addIssue('PROJ', { summary: 'Mine to do', status: 'To Do', assignee: JIRA_ME });
    jira.addIssue('PROJ', {
      summary: 'Mine in progress',
      status: 'In Progress',
      statusCategory: 'indeterminate',
      assignee: JIRA_ME,
    });
    jira.addIssue('PROJ', { summary: 'Theirs', status: 'To Do', assignee: 'acc-someone' });
    jira.addIssue('PROJ', { summary: 'Nobody', status: 'To Do' });
    await register(
      await makeProject('jirf', {
        tracker: 'jira',
        trackers: { jira: { baseUrl: jira.url, projectKey: 'PROJ' } },
        github: { pollIntervalSec: 3600, autoPickup: { states: ['To Do'], assignee: 'currentUser()' } },
      }),
    );
    expect((await picked('jirf', 1)).map((s) => s.issue?.key)).toEqual([want.key]);
    expect(jira.searches.at(-1)?.jql).toBe(
      'project = "PROJ" AND status in ("To Do") AND assignee = currentUser() AND statusCategory != Done ORDER BY created DESC',
    );
  });

  it('Jira: JQL-looking state and assignee values are passed as quoted data, never as JQL', async () => {
    jira.addIssue('INJ', { summary: 'Unassigned', status: 'To Do' });
    jira.addIssue('PROJ', { summary: 'Elsewhere', status: 'To Do' });
    const assignee = 'acc-x" OR assignee is EMPTY OR assignee = "y\\';
    const state = 'To Do") OR project = "PROJ" OR status in ("x';
    await register(
      await makeProject('jinj', {
        tracker: 'jira',
        trackers: { jira: { baseUrl: jira.url, projectKey: 'INJ' } },
        github: { pollIntervalSec: 3600, autoPickup: { states: [state, 'To Do'], assignee } },
      }),
    );
    const before = jira.searches.length;
    await d.app.github.loop.reconcile();
    await waitFor(() => jira.searches.length > before, 'the INJ search');
    const search = jira.searches.slice(before).find((s) => s.parsed?.project === 'INJ');
    // Jira reads each value back exactly as configured: one status name, one accountId.
    expect(search?.parsed).toEqual({ project: 'INJ', statuses: [state, 'To Do'], assignee, notDone: true });
    expect(await sessionsOf('jinj')).toEqual([]);
  });

  it('GitHub: only labelled issues assigned to the configured login are started', async () => {
    const REPO = 'acme/pick';
    gh.addRepo(REPO);
    gh.addIssue(REPO, { number: 1, title: 'For alice', labels: ['ao-auto'], assignees: ['alice'] });
    gh.addIssue(REPO, { number: 2, title: 'For bob', labels: ['ao-auto'], assignees: ['bob'] });
    gh.addIssue(REPO, { number: 3, title: 'Nobody', labels: ['ao-auto'] });
    gh.addIssue(REPO, { number: 4, title: 'Alice, no label', assignees: ['Alice'] });
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    await register(
      await makeProject(
        'ghf',
        {
          tracker: 'github',
          trackers: { github },
          scms: { github },
          github: {
            pollIntervalSec: 3600,
            autoPickup: { labels: ['ao-auto'], states: ['open'], assignee: 'alice' },
          },
        },
        { project: { repo: REPO } },
      ),
    );
    expect((await picked('ghf', 1)).map((s) => s.issue?.number)).toEqual([1]);
    const listed = gh.requests.filter((r) => r.path === `/repos/${REPO}/issues`);
    expect(listed.at(-1)?.query).toMatchObject({ assignee: 'alice', state: 'open' });
  });

  it('bad auto-pickup config names the key and the file; nothing is registered', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ tracker: 'jira', github: { autoPickup: { states: 5 } } }, /github\.autoPickup\.states/],
      [
        { tracker: 'github', github: { autoPickup: { states: ['closed'] } } },
        /github\.autoPickup\.states\.0.*"open"/,
      ],
      [
        { tracker: 'linear', github: { autoPickup: { assignee: 'bob' } } },
        /github\.autoPickup\.assignee.*email/,
      ],
      [{ tracker: 'github', github: { autoPickup: { assignee: 'a b' } } }, /github\.autoPickup\.assignee/],
      [{ tracker: 'jira', github: { autoPickup: { assignee: 'x\ny' } } }, /github\.autoPickup\.assignee/],
    ];
    for (const [n, [config, key]] of cases.entries()) {
      const p = await makeProject(`bad${n}`, config);
      projects.push(p);
      const res = await d.api<Err>('POST', '/api/projects', { configPath: p.configPath });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.message).toMatch(key);
      expect(res.body.error.message).toContain('ao.config.yaml');
    }
    const listed = (await d.api<{ projects: Array<{ id: string }> }>('GET', '/api/projects')).body.projects;
    expect(listed.map((p) => p.id).filter((id) => id.startsWith('bad'))).toEqual([]);
  });
});
