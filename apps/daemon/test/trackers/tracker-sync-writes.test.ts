import {
  type FakeGitHub,
  type FakeJira,
  type FakeLinear,
  startFakeGitHub,
  startFakeJira,
  startFakeLinear,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackerGithub } from '../../src/plugins/tracker-github/index';
import { trackerJira } from '../../src/plugins/tracker-jira/index';
import { trackerLinear } from '../../src/plugins/tracker-linear/index';
import { testPluginContext } from '../github/plugin-context';

const REPO = 'acme/writes';
const URL_TEXT = 'ao is working on this issue; its pull request: https://github.com/acme/writes/pull/3';

/** The trackers' write methods (real Octokit, @linear/sdk and fetch) against the fakes: each answers `already` for
 *  what is there, so the core's record is a shortcut, never the only guard. */
describe('tracker write methods against the fakes', () => {
  let gh: FakeGitHub;
  let lin: FakeLinear;
  let jira: FakeJira;
  beforeAll(async () => {
    [gh, lin, jira] = await Promise.all([startFakeGitHub(), startFakeLinear(), startFakeJira()]);
    gh.addRepo(REPO);
  });
  afterAll(async () => {
    await Promise.all([gh.close(), lin.close(), jira.close()]);
  });

  const github = (sync: Record<string, unknown> = {}) =>
    trackerGithub.create(
      trackerGithub.configSchema.parse({ baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token, sync }),
      testPluginContext(),
    );
  const linear = (sync: Record<string, unknown> = {}) =>
    trackerLinear.create(
      trackerLinear.configSchema.parse({
        LINEAR_API_KEY: lin.apiKey,
        apiUrl: lin.apiUrl,
        teamKey: 'WR',
        sync,
      }),
      testPluginContext(),
    );
  const jiraTracker = (sync: Record<string, unknown> = {}) =>
    trackerJira.create(
      trackerJira.configSchema.parse({
        baseUrl: jira.url,
        projectKey: 'WR',
        JIRA_EMAIL: jira.email,
        JIRA_API_TOKEN: jira.token,
        sync,
      }),
      testPluginContext(),
    );

  it('sync is off by default for state writes, on for the PR comment', () => {
    expect(github().sync).toEqual({ closeOnMerge: false, commentPr: true, commentEscalations: false });
    expect(() => trackerLinear.configSchema.parse({ sync: { inprogress: 'x' } })).toThrow();
  });

  it('GitHub: label once, comment once (hidden marker), done: label swapped and closed with closeOnMerge', async () => {
    const issue = gh.addIssue(REPO, { number: 3, title: 'Bug' });
    const t = github({ inProgress: 'wip', done: 'shipped', closeOnMerge: true });
    const ref = { number: 3 };
    expect(await github().markInProgress?.(REPO, ref)).toBe('off');
    expect(await t.markInProgress?.(REPO, ref)).toBe('done');
    expect(await t.markInProgress?.(REPO, ref)).toBe('already');
    expect(issue.labels).toEqual(['wip']);
    expect(await t.comment?.(REPO, ref, URL_TEXT, 'ao:s-1:comment_pr:3')).toBe('done');
    expect(await t.comment?.(REPO, ref, URL_TEXT, 'ao:s-1:comment_pr:3')).toBe('already');
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.body).toBe(`${URL_TEXT}\n\n<!-- ao:s-1:comment_pr:3 -->`);
    expect(await t.markDone?.(REPO, ref)).toBe('done');
    expect(issue).toMatchObject({ state: 'closed', labels: ['shipped'] });
    expect(await t.markDone?.(REPO, ref)).toBe('already');
    await expect(t.comment?.(REPO, { number: 404 }, URL_TEXT, 'ao:x')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('Linear: the state by name (case-insensitive), already there is no update; an unknown name says which exist', async () => {
    const issue = lin.addIssue('WR', { title: 'Feature' });
    const ref = { number: issue.number, key: issue.identifier };
    const t = linear({ inProgress: 'in progress', done: 'Done' });
    expect(await t.markInProgress?.('', ref)).toBe('done');
    expect(await t.markInProgress?.('', ref)).toBe('already');
    expect(issue.stateName).toBe('In Progress');
    expect(lin.operations('AoIssueUpdate')).toHaveLength(1);
    await expect(linear({ inProgress: 'Doing' }).markInProgress?.('', ref)).rejects.toMatchObject({
      code: 'tracker_error',
      message: expect.stringContaining('Backlog, Todo, In Progress'),
    });
    expect(await t.comment?.('', ref, URL_TEXT, 'ao:s-2:comment_pr:3')).toBe('done');
    expect(await t.comment?.('', ref, URL_TEXT, 'ao:s-2:comment_pr:3')).toBe('already');
    expect(issue.comments.map((c) => c.body)).toEqual([
      `${URL_TEXT}\n\n— posted by ao (ao:s-2:comment_pr:3)`,
    ]);
  });

  it('Jira: a transition by name or target status; an unknown one names those available; ADF comment with a link', async () => {
    const issue = jira.addIssue('WR', { summary: 'Export' });
    const ref = { number: 1, key: issue.key };
    const t = jiraTracker({ inProgress: 'in progress', done: 'Done' });
    expect(await t.markInProgress?.('', ref)).toBe('done');
    expect(await t.markInProgress?.('', ref)).toBe('already');
    expect(issue.status).toBe('In Progress');
    await expect(jiraTracker({ done: 'Shipped' }).markDone?.('', ref)).rejects.toMatchObject({
      code: 'tracker_error',
      message: expect.stringContaining('available: To Do, In Progress, Done'),
    });
    expect(await t.comment?.('', ref, URL_TEXT, 'ao:s-3:comment_pr:3')).toBe('done');
    expect(await t.comment?.('', ref, URL_TEXT, 'ao:s-3:comment_pr:3')).toBe('already');
    expect(issue.comments).toHaveLength(1);
    const link = JSON.stringify(issue.comments[0]?.body);
    expect(link).toContain(
      '"marks":[{"type":"link","attrs":{"href":"https://github.com/acme/writes/pull/3"}}]',
    );
    expect(await t.markDone?.('', ref)).toBe('done');
    expect(issue.statusCategory).toBe('done');
  });
});
