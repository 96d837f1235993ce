import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeBins } from '../agent-claude/claude-bins';
import { type CodexDaemon, startCodexDaemon } from '../e2e/codex-daemon';
import { type ClaudeEnv, claudePids, killTmuxServer, startClaudeEnv, waitForExit } from '../e2e/e2e-helpers';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const LESSON = 'Run `npm run lint` before every push (LESSON-7f3).';
const REJECTED = 'Never run the tests (REJECTED-9c1).';

/** A proposal accepted with an edited text and another rejected, both through the HTTP API. */
async function decideLessons(
  api: TestDaemon['api'],
  app: TestDaemon['app'],
  project: string,
): Promise<number> {
  const a = app.insights.lessons.create({
    project,
    text: 'Run the `lint` check locally before pushing.',
    source: 'retro',
  });
  const r = app.insights.lessons.create({ project, text: REJECTED, source: 'retro' });
  expect((await api('POST', `/api/lessons/${a.id}/accept`, { text: LESSON })).status).toBe(200);
  expect((await api('POST', `/api/lessons/${r.id}/reject`, {})).status).toBe(200);
  return a.id;
}

/**
 * An accepted lesson reaches the next real agent session's system prompt, seen in the request the model mock
 * receives: Claude Code (pinned and latest) through `--append-system-prompt`, Codex through `developer_instructions`.
 */
describe.each(claudeBins())('lessons reach a real Claude Code session ($name)', ({ path: bin }) => {
  let env: ClaudeEnv;
  let d: TestDaemon;
  let p: ProjectFixture;

  beforeAll(async () => {
    env = await startClaudeEnv();
    p = await makeProject('cl', {
      agent: 'claude-code',
      agents: { 'claude-code': { ...env.agentSettings('skip'), binary: bin } },
    });
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    const pids = claudePids(env.configDir).map((x) => x.pid);
    for (const s of (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions)
      if (s.status === 'running') await d.api('POST', `/api/sessions/${s.id}/kill`, {});
    await killTmuxServer(d.dataDir);
    await waitForExit(pids);
    await d.stop();
    await env.close();
    p.cleanup();
  }, 60_000);

  it('the accepted (edited) lesson is in the system prompt; the rejected one is not', async () => {
    const id = await decideLessons(d.api, d.app, 'cl');
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
      project: 'cl',
      prompt: 'LESSON-TASK hi',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const req = await env.mock.waitForRequest(
      (r) => r.main && r.lastUserText.includes('LESSON-TASK'),
      90_000,
    );
    const system = JSON.stringify(req.body.system);
    expect(system).toContain(`1. ${LESSON}`);
    expect(system).not.toContain('REJECTED-9c1');
    // The task is the user's message; the lesson is not in it.
    expect(req.lastUserText).not.toContain('LESSON-7f3');
    const s = res.body.session;
    await waitFor(
      () => (d.app.insights.outcomes.get(s.id)?.lessons?.[0] === id ? true : null),
      'lessons recorded',
    );
  }, 120_000);
});

describe('lessons reach a real Codex session', () => {
  let c: CodexDaemon;
  beforeAll(async () => {
    c = await startCodexDaemon({
      projectId: 'cx',
      permissions: 'skip',
      key: 'sk-test-lessons',
      script: () => ({ kind: 'message', text: 'Done.' }),
    });
  }, 60_000);
  afterAll(async () => c?.stop(), 60_000);

  it('the accepted lesson is a developer message in the Responses request', async () => {
    await decideLessons(c.d.api, c.d.app, 'cx');
    const res = await c.d.api<{ session: Session }>('POST', '/api/sessions', {
      project: 'cx',
      prompt: 'LESSON-TASK hi',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const req = await waitFor(
      () => c.mock.responseRequests().find((r) => JSON.stringify(r.body).includes('LESSON-TASK')) ?? null,
      'codex asked the model',
      90_000,
    );
    type Item = { role?: string; content?: Array<{ text?: string }> };
    const input = (req.body as { input?: Item[] }).input ?? [];
    const developer = input
      .filter((i) => i.role === 'developer')
      .flatMap((i) => i.content?.map((x) => x.text) ?? []);
    expect(developer.some((t) => t?.includes(`1. ${LESSON}`))).toBe(true);
    expect(JSON.stringify(req.body)).not.toContain('REJECTED-9c1');
  }, 120_000);
});
