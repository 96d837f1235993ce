import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  adfText,
  type FakeJira,
  type FakeLinear,
  makeProject,
  type ProjectFixture,
  readMessages,
  startFakeJira,
  startFakeLinear,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ao } from '../helpers/cli';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

type Err = { error: { code: string; message: string; field?: string } };

describe('Linear and Jira issues through a running daemon (fake Linear and Jira, real git, tmux and SDK)', () => {
  let d: TestDaemon;
  let lin: FakeLinear;
  let jira: FakeJira;
  const projects: ProjectFixture[] = [];

  /** A project whose tracker is Linear, its API key in a file (never in the config). */
  const linearProject = async (id: string, extra: Record<string, unknown> = {}) => {
    const p = await makeProject(id, ({ scratch }) => ({
      tracker: 'linear',
      trackers: { linear: { apiUrl: lin.apiUrl, teamKey: 'ENG', apiKeyFile: join(scratch, 'linear-key') } },
      ...extra,
    }));
    writeFileSync(join(p.scratch, 'linear-key'), `${lin.apiKey}\n`, { mode: 0o600 });
    projects.push(p);
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    return p;
  };
  const spawn = (body: Record<string, unknown>) =>
    d.api<{ session: Session } & Err>('POST', '/api/sessions', body);

  beforeAll(async () => {
    lin = await startFakeLinear();
    jira = await startFakeJira();
    lin.addIssue('ENG', {
      title: 'Fix login redirect',
      description: 'Users land on /home after login; expected /dashboard.',
      labels: ['Bug'],
      comments: [{ author: 'Alice', body: 'Seen on Safari too.' }],
    });
    jira.addIssue('PROJ', {
      summary: 'Export fails on empty rows',
      description: adfText('Exporting a sheet with an empty row throws.\nSee the attached log.'),
      comments: [{ author: 'Carol', body: adfText('Reproduced on 1.4.') }],
    });
    // Jira's email and token come from the daemon's environment.
    d = await startTestDaemon({
      env: { JIRA_EMAIL: jira.email, JIRA_API_TOKEN: jira.token, LINEAR_API_KEY: '' },
    });
  });
  afterAll(async () => {
    await d.stop();
    await Promise.all([lin.close(), jira.close()]);
    for (const p of projects) p.cleanup();
  });

  it('POST /api/sessions {issue: "ENG-1"}: the Linear issue becomes the prompt, the key names branch and title', async () => {
    const p = await linearProject('lin');
    const res = await spawn({ project: 'lin', issue: 'ENG-1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { session } = res.body;
    expect(session.branch).toBe('ao/eng-1-fix-login-redirect');
    expect(session.title).toBe('ENG-1 Fix login redirect');
    expect(session.issue).toEqual({
      number: 1,
      key: 'ENG-1',
      title: 'Fix login redirect',
      url: expect.any(String),
    });
    const prompt = await waitFor(
      () => readMessages(p.messagesFile).find((m) => m.includes('Fix login redirect')),
      'Linear issue prompt delivered',
    );
    expect(prompt).toContain('Work on Linear issue ENG-1: Fix login redirect');
    expect(prompt).toContain('Users land on /home after login; expected /dashboard.');
    expect(prompt).toContain('- Alice: Seen on Safari too.');
    // The same issue again: its branch is taken.
    expect((await spawn({ project: 'lin', issue: 'ENG-1' })).status).toBe(409);
  });

  it('`ao start --issue ENG-2` and `ao issues` (the built CLI) work with Linear keys', async () => {
    const p = projects[0];
    if (!p) throw new Error('the first test made the project');
    lin.addIssue('ENG', { title: 'Add a --json flag', description: 'For the export command.' });
    const { stdout } = await ao(d.dataDir, ['start', '--issue', 'ENG-2', '--project', 'lin'], {
      cwd: p.repo,
    });
    const id = stdout.trim();
    const { session } = (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body;
    expect(session.issue?.key).toBe('ENG-2');
    expect(session.branch).toBe('ao/eng-2-add-a-json-flag');
    await waitFor(
      () =>
        readMessages(p.messagesFile).some(
          (m) => m.includes('Add a --json flag') && m.includes('export command'),
        ),
      'ENG-2 prompt delivered',
    );
    const listed = await ao(d.dataDir, ['issues', '--project', 'lin']);
    expect(listed.stdout).toMatch(/ENG-2\s+Add a --json flag/);
    const bad = await ao(d.dataDir, ['start', '--issue', 'eng-2', '--project', 'lin']).catch((e: Error) => e);
    expect(String(bad)).toContain('issue');
  });

  it('GET /api/projects/:id/issues lists open Linear issues with their keys', async () => {
    const res = await d.api<{ issues: Array<{ key?: string; title: string; labels: string[] }> }>(
      'GET',
      '/api/projects/lin/issues',
    );
    expect(res.status).toBe(200);
    expect(res.body.issues).toContainEqual(expect.objectContaining({ key: 'ENG-1', labels: ['Bug'] }));
  });

  it('a key that is not an issue id is a 400 naming issue; an unknown issue a 404; nothing is written', async () => {
    const before = (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions.length;
    for (const issue of ['eng-1', 'ENG-1; rm -rf ~', 'ENG-', '-1', 'ENG-1\n', '$(reboot)-1']) {
      const res = await spawn({ project: 'lin', issue });
      expect(res.status, `${JSON.stringify(issue)}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.field).toBe('issue');
    }
    const unknown = await spawn({ project: 'lin', issue: 'ENG-404' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('ENG-404');
    expect((await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions).toHaveLength(before);
  });

  it('POST /api/sessions {issue: "PROJ-1"}: the Jira issue, its ADF description and comments in the prompt', async () => {
    const p = await makeProject('jir', {
      tracker: 'jira',
      trackers: { jira: { baseUrl: jira.url, projectKey: 'PROJ', timeoutMs: 1500 } },
    });
    projects.push(p);
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    const res = await spawn({ project: 'jir', issue: 'PROJ-1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.session.branch).toBe('ao/proj-1-export-fails-on-empty-rows');
    const prompt = await waitFor(
      () => readMessages(p.messagesFile).find((m) => m.includes('Export fails')),
      'Jira issue prompt delivered',
    );
    expect(prompt).toContain('Work on Jira issue PROJ-1: Export fails on empty rows');
    // ADF paragraphs as lines (the runtime's paste may turn line feeds into carriage returns).
    expect(prompt).toMatch(/Exporting a sheet with an empty row throws\.[\r\n]{2}See the attached log\./);
    expect(prompt).toContain('- Carol: Reproduced on 1.4.');
    expect(prompt).toContain(`${jira.url}/browse/PROJ-1`);
  });

  it('an unreachable tracker is a quick 503 naming it; a hanging one times out; a missing key file a 400; nothing written', async () => {
    const before = (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions.length;
    const down = await startFakeLinear();
    await down.close();
    const gone = await makeProject('gone', ({ scratch }) => ({
      tracker: 'linear',
      trackers: { linear: { apiUrl: down.apiUrl, teamKey: 'ENG', apiKeyFile: join(scratch, 'key') } },
    }));
    projects.push(gone);
    expect((await d.api('POST', '/api/projects', { configPath: gone.configPath })).status).toBe(201);

    // No LINEAR_API_KEY in this daemon's environment, and the key file is not there yet: a 400 naming the setting.
    const nokey = await spawn({ project: 'gone', issue: 'ENG-1' });
    expect(nokey.status).toBe(400);
    expect(nokey.body.error).toMatchObject({
      field: 'apiKeyFile',
      message: expect.stringContaining('ENOENT'),
    });

    writeFileSync(join(gone.scratch, 'key'), down.apiKey);
    let t0 = performance.now();
    const refused = await spawn({ project: 'gone', issue: 'ENG-1' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({
      code: 'tracker_unavailable',
      message: expect.stringContaining('Linear is unreachable'),
    });
    expect((await d.api<Err>('GET', '/api/projects/gone/issues')).status).toBe(503);
    expect(performance.now() - t0).toBeLessThan(5_000);

    jira.hang = true;
    t0 = performance.now();
    try {
      const hung = await spawn({ project: 'jir', issue: 'PROJ-1' });
      expect(hung.status).toBe(503);
      expect(hung.body.error).toMatchObject({
        code: 'tracker_unavailable',
        message: expect.stringContaining('Jira did not answer'),
      });
    } finally {
      jira.hang = false;
    }
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect((await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions).toHaveLength(before);
  });

  it('a tracker secret written in ao.config.yaml is refused, naming the key', async () => {
    const p = await makeProject('leaky', {
      tracker: 'linear',
      trackers: { linear: { LINEAR_API_KEY: 'lin_api_plain', apiKey: 'lin_api_plain' } },
    });
    projects.push(p);
    const res = await d.api<Err>('POST', '/api/projects', { configPath: p.configPath });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /trackers\.linear\.LINEAR_API_KEY: secrets are never written in the config/,
    );
    expect(res.body.error.message).toMatch(
      /trackers\.linear\.apiKey: secrets are never written in the config/,
    );
  });

  it('auto-pickup starts a session for each open Linear issue with a pickup label, once', async () => {
    const labelled = lin.addIssue('ENG', { title: 'Bump the parser', labels: ['ao-auto'] });
    lin.addIssue('ENG', { title: 'Not for ao', labels: ['later'] });
    await linearProject('pick', {
      github: { pollIntervalSec: 10, autoPickup: { labels: ['ao-auto'], maxConcurrent: 3 } },
    });
    await d.app.github.loop.reconcile();
    const picked = await waitFor(async () => {
      const { sessions } = (await d.api<{ sessions: Session[] }>('GET', '/api/sessions?project=pick')).body;
      return sessions.filter((s) => s.project === 'pick').length
        ? sessions.filter((s) => s.project === 'pick')
        : null;
    }, 'auto-picked session');
    expect(picked.map((s) => s.issue?.key)).toEqual([labelled.identifier]);
    await d.app.github.loop.reconcile();
    const again = (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions;
    expect(again.filter((s) => s.project === 'pick')).toHaveLength(1);
  });
});
