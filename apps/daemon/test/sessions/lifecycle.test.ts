import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, readMessages, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

type Err = { error: { code: string; message: string; field?: string } };

describe('session lifecycle (real git, real tmux)', () => {
  let d: TestDaemon;
  let p: ProjectFixture;
  const tmux = (args: string[]) => exec('tmux', ['-S', join(d.dataDir, 'tmux.sock'), ...args]);
  const get = async (id: string) =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;

  beforeAll(async () => {
    p = await makeProject('demo');
    d = await startTestDaemon();
    const res = await d.api('POST', '/api/projects', { configPath: p.configPath });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await tmux(['kill-server']).catch(() => undefined);
    await d.stop();
    p.cleanup();
  });

  it('spawns: branch and worktree from the up-to-date default branch, agent running, prompt delivered', async () => {
    // Someone pushes to main after the user's checkout: the session must start from it.
    await p.git(['commit', '--allow-empty', '-m', 'newer upstream'], p.repo);
    await p.git(['push', 'origin', 'main'], p.repo);
    const upstream = await p.git(['rev-parse', 'HEAD'], p.repo);
    await p.git(['reset', '--hard', 'HEAD~1'], p.repo);

    const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
      prompt: 'Fix the login redirect',
    });
    expect(res.status).toBe(201);
    const s = res.body.session;
    expect(s.id).toBe('demo-1');
    expect(s.status).toBe('running');
    expect(s.branch).toBe('ao/demo-1-fix-the-login-redirect');
    expect(s.worktreePath.startsWith(d.dataDir)).toBe(true);
    expect(s.worktreePath.startsWith(p.repo)).toBe(false);
    expect(await p.git(['rev-parse', 'HEAD~0'], s.worktreePath)).toBe(upstream);
    expect(await p.git(['branch', '--show-current'], s.worktreePath)).toBe(s.branch);
    await waitFor(() => readMessages(p.messagesFile).includes('Fix the login redirect'), 'prompt delivered');
    const { stdout } = await tmux(['list-sessions', '-F', '#{session_name}']);
    expect(stdout.trim().split('\n')).toContain('demo-1');
  });

  it('carries hostile text as data, multi-line messages whole', async () => {
    const marker = join(p.root, 'pwned');
    const hostile = `$(touch ${marker}) \`touch ${marker}\`; rm -rf ~ "quotes" 'single' ünïcødé 🚀`;
    const res = await d.api<{ delivery: { state: string } }>('POST', '/api/sessions/demo-1/send', {
      message: hostile,
    });
    expect(res.status).toBe(200);
    expect(res.body.delivery.state).toBe('sent'); // the generic agent gives no confirmation signal: never "delivered"
    const multi = 'first line\nsecond line\n\nfourth after a blank';
    await d.api('POST', '/api/sessions/demo-1/send', { message: multi });
    await waitFor(() => readMessages(p.messagesFile).includes(multi), 'multi-line message');
    expect(readMessages(p.messagesFile)).toContain(hostile);
    expect(existsSync(marker)).toBe(false);

    const branch = await d.api<Err>('POST', '/api/sessions', { prompt: 'x', branch: 'a;rm -rf ~' });
    expect(branch.status).toBe(400);
    expect(branch.body.error.field).toBe('branch');
  });

  it('lists sessions with status, activity and lane', async () => {
    const { body } = await d.api<{ sessions: Session[] }>('GET', '/api/sessions');
    expect(body.sessions.map((s) => s.id)).toEqual(['demo-1']);
    expect(body.sessions[0]).toMatchObject({
      project: 'demo',
      status: 'running',
      agent: 'generic',
      runtime: 'tmux',
    });
    expect(['working', 'review']).toContain(body.sessions[0]?.lane);
  });

  it('kill stops the runtime and keeps the worktree; restore brings it back in the same worktree', async () => {
    const killed = await d.api<{ session: Session }>('POST', '/api/sessions/demo-1/kill', {});
    expect(killed.body.session).toMatchObject({ status: 'killed', activity: 'exited', lane: 'done' });
    const { stdout } = await tmux(['list-sessions', '-F', '#{session_name}']).catch(() => ({ stdout: '' }));
    expect(stdout).not.toMatch(/^demo-1$/m);
    expect(existsSync(killed.body.session.worktreePath)).toBe(true);

    const restored = await d.api<{ session: Session }>('POST', '/api/sessions/demo-1/restore', {});
    expect(restored.status).toBe(200);
    expect(restored.body.session.status).toBe('running');
    expect(restored.body.session.worktreePath).toBe(killed.body.session.worktreePath);
    const again = await d.api<Err>('POST', '/api/sessions/demo-1/restore', {});
    expect(again.status).toBe(409);
  });

  it('a dead runtime is noticed and marked, with the reason', async () => {
    await tmux(['kill-session', '-t', '=demo-1']);
    const s = await waitFor(async () => {
      const cur = await get('demo-1');
      return cur.status === 'runtime_lost' ? cur : null;
    }, 'runtime_lost');
    expect(s.statusReason).toMatch(/ended/);
    expect(s.lane).toBe('review');
    expect((await d.api('POST', '/api/sessions/demo-1/restore', {})).status).toBe(200);
  });

  it('never removes a worktree with unpushed or uncommitted work without force', async () => {
    const wt = (await get('demo-1')).worktreePath;
    await p.git(['-c', 'commit.gpgsign=false', 'commit', '--allow-empty', '-m', 'agent work'], wt);
    const refused = await d.api<Err>('POST', '/api/sessions/demo-1/kill', { removeWorktree: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('unsafe_worktree');
    expect(refused.body.error.message).toMatch(/unpushed/);
    expect((await get('demo-1')).status).toBe('running'); // nothing changed
    expect(existsSync(wt)).toBe(true);
    const forced = await d.api<{ session: Session }>('POST', '/api/sessions/demo-1/kill', {
      removeWorktree: true,
      force: true,
    });
    expect(forced.status).toBe(200);
    expect(existsSync(wt)).toBe(false);
  });

  it('never reuses an id', async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'Second task' });
    expect(res.body.session.id).toBe('demo-2');
    await d.api('POST', '/api/sessions/demo-2/kill', {});
  });
});
