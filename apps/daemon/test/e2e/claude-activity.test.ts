import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginsOf } from '../../src/sessions/session-plugins';
import { handleOf } from '../../src/sessions/session-row';
import { claudeBins } from '../agent-claude/claude-bins';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { text, toolUse } from '../mocks/anthropic-mock';
import {
  type ClaudeEnv,
  claudePids,
  EventStream,
  hookLatencies,
  isAlive,
  killTmuxServer,
  MODEL,
  startClaudeEnv,
  summarize,
  waitForExit,
} from './e2e-helpers';

/**
 * The real Claude Code CLI (the pinned and the newest version) driven through a running ao daemon: HTTP API in, SSE
 * out, hooks calling back into `/api/hooks/:id`, the transcript and status file followed, real tmux and git. The model
 * is the local mock.
 */
describe.each(claudeBins())(
  'claude-code ($name) through the daemon: activity, messages, permissions, restore (real CLI)',
  ({ path: bin }) => {
    let env: ClaudeEnv;
    let d: TestDaemon;
    let events: EventStream;
    let task: ProjectFixture;
    let perm: ProjectFixture;
    let permSession: Session;
    const pids = new Set<number>();

    const get = async (id: string) =>
      (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
    const spawn = async (project: string, prompt: string) => {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { project, prompt });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.session;
    };
    const rememberPids = () => {
      for (const { pid } of claudePids(env.configDir)) pids.add(pid);
    };

    beforeAll(async () => {
      env = await startClaudeEnv();
      task = await makeProject('demo', {
        agent: 'claude-code',
        agents: { 'claude-code': { ...env.agentSettings('skip'), binary: bin } },
      });
      // No model: the CLI's own default, for which 2.1.332 would start in its auto mode unless ao says otherwise.
      const { model: _model, ...defaultModel } = env.agentSettings('default');
      perm = await makeProject('perm', {
        agent: 'claude-code',
        agents: { 'claude-code': { ...defaultModel, binary: bin } },
      });
      d = await startTestDaemon();
      for (const p of [task, perm]) {
        const res = await d.api('POST', '/api/projects', { configPath: p.configPath });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      events = new EventStream(d.url, d.token);
    }, 60_000);

    afterAll(async () => {
      rememberPids();
      for (const s of (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions) {
        if (s.status === 'running') await d.api('POST', `/api/sessions/${s.id}/kill`, {});
      }
      await killTmuxServer(d.dataDir);
      await waitForExit([...pids]);
      console.log(`hook → SSE latency: ${summarize(hookLatencies(events.events))}`);
      await events.close();
      await d.stop();
      await env.close();
      task.cleanup();
      perm.cleanup();
    }, 60_000);

    it('runs a task: working → idle, usage counted, a commit in the worktree, a mid-task message delivered', async () => {
      // The worktree path is ao's: <dataDir>/worktrees/<project>/<session id>.
      const worktree = join(d.dataDir, 'worktrees', 'demo', 'demo-1');
      const file = join(worktree, 'hello.txt');
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      env.mock.on('TASK-COMMIT', [
        toolUse(
          'Write',
          { file_path: file, content: 'hello from claude\n' },
          { input_tokens: 1000, output_tokens: 50 },
        ),
        toolUse(
          'Bash',
          { command: 'git add hello.txt && git commit -q -m "add hello"', description: 'commit' },
          { input_tokens: 1200, output_tokens: 60 },
        ),
        toolUse(
          'Bash',
          { command: 'sleep 2', description: 'wait' },
          { input_tokens: 1300, output_tokens: 70 },
        ),
        { ...text('Committed hello.txt.', { input_tokens: 1400, output_tokens: 80 }), before: () => gate },
      ]);
      const mark = events.length;
      const session = await spawn('demo', 'TASK-COMMIT: add hello.txt and commit it');
      expect(session).toMatchObject({
        id: 'demo-1',
        worktreePath: worktree,
        agent: 'claude-code',
        status: 'running',
      });
      expect(session.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);

      const working = await events.activity(session.id, 'working', { from: mark });
      // Starting until the first prompt is taken: never idle ("needs you") before it.
      expect(events.activities(session.id, mark)[0]?.to).toBe('working');
      expect(working.event.type === 'session.activity' && working.event.data.from).toBe('starting');
      // Busy with the slow command: a message typed now is queued by Claude and confirmed from its own signals.
      await events.waitFor(
        (e) =>
          e.type === 'session.updated' || e.type === 'session.activity'
            ? e.data.session.id === session.id && (e.data.session.evidence?.detail ?? '').includes('sleep 2')
            : false,
        'running sleep 2',
        { from: mark },
      );
      rememberPids();
      const sent = await d.api<{ delivery: { id: number; state: string; detail: string } }>(
        'POST',
        `/api/sessions/${session.id}/send`,
        { message: 'MIDTASK also check the README' },
      );
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      // Claude holds it until the running tool ends: queued now, delivered when it reaches the model.
      expect(sent.body.delivery.state).toBe('queued');
      const req = await env.mock.waitForRequest((r) => r.main && r.allText.includes('MIDTASK also check'));
      expect(req.toolResults.length).toBeGreaterThan(0);
      await events.waitFor(
        (e) =>
          e.type === 'session.message' &&
          e.data.message.id === sent.body.delivery.id &&
          e.data.message.state === 'delivered',
        'the queued message delivered',
        { from: mark },
      );
      const markEnd = events.length;
      release();

      const idle = await events.activity(session.id, 'idle', { from: markEnd, timeoutMs: 60_000 });
      if (idle.event.type !== 'session.activity') throw new Error('unreachable');
      expect(['hook:Stop', 'transcript', 'status-file']).toContain(idle.event.data.evidence.source);

      // The commit is real, made by the agent's Bash tool in its worktree.
      expect(await task.git(['log', '--format=%s', '-1'], worktree)).toBe('add hello');
      expect(readFileSync(file, 'utf8')).toBe('hello from claude\n');

      // Usage from the transcript: totals of the four scripted responses, once per message id.
      const withUsage = await waitFor(
        async () => {
          const s = await get(session.id);
          return s.usage.tokensOut >= 260 ? s : null;
        },
        'usage in the session',
        30_000,
      );
      expect(withUsage.usage).toMatchObject({ model: MODEL, tokensIn: 4900, tokensOut: 260 });
      expect(withUsage.usage.costUsd).toBeGreaterThan(0);
      const seq = events.activities(session.id, mark);
      console.log(`task activity: ${seq.map((a) => `${a.to} [${a.source}]`).join(' → ')}`);
      const tos = seq.map((a) => a.to);
      expect(tos.indexOf('working')).toBeLessThan(tos.lastIndexOf('idle'));
      const final = await get(session.id);
      expect(final.activity).toBe('idle');
      expect(final.evidence?.source).toMatch(/^(hook:|transcript|status-file)/);
    }, 120_000);

    it('a permission prompt puts the session in Review; approve answers it; the work finishes', async () => {
      const worktree = join(d.dataDir, 'worktrees', 'perm', 'perm-1');
      const file = join(worktree, 'perm.txt');
      env.mock.on('TASK-PERM', [
        toolUse('Write', { file_path: file, content: 'allowed\n' }),
        text('Wrote perm.txt.'),
      ]);
      const mark = events.length;
      permSession = await spawn('perm', 'TASK-PERM: write perm.txt');
      expect(permSession.worktreePath).toBe(worktree);

      const waiting = await events.activity(permSession.id, 'waiting_input', {
        from: mark,
        timeoutMs: 60_000,
      });
      if (waiting.event.type !== 'session.activity') throw new Error('unreachable');
      expect(waiting.event.data.session.lane).toBe('review');
      // Claude's status file says so at once; the Notification hook only ~6 s later.
      expect(waiting.event.data.evidence).toMatchObject({
        source: 'status-file',
        detail: 'waiting for permission prompt',
      });
      expect(existsSync(file)).toBe(false);
      rememberPids();

      const mark2 = events.length;
      const approved = await d.api<{ session: Session }>(
        'POST',
        `/api/sessions/${permSession.id}/approve`,
        {},
      );
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      await events.activity(permSession.id, 'working', { from: mark2 });
      await events.activity(permSession.id, 'idle', { from: mark2, timeoutMs: 60_000 });
      await waitFor(() => existsSync(file), 'perm.txt written');
      expect(readFileSync(file, 'utf8')).toBe('allowed\n');

      const seq = events.activities(permSession.id, mark);
      console.log(`permission activity: ${seq.map((a) => `${a.to} [${a.source}]`).join(' → ')}`);
      // A late permission notification (Claude sends it ~6 s after the dialog appeared) must not pull the finished
      // session back to "waiting": a negative check, so it waits out that window measured from the dialog.
      const markIdle = events.length;
      const quietUntil = waiting.receivedAt + 9_000;
      await new Promise((r) => setTimeout(r, Math.max(0, quietUntil - Date.now())));
      expect(events.activities(permSession.id, markIdle)).toEqual([]);
      const s = await get(permSession.id);
      expect(s.activity).toBe('idle');
      expect(s.lane).toBe('review'); // idle, no PR: somebody must look
    }, 120_000);

    it('a killed agent is exited with its signal and last lines; restore resumes the same Claude conversation', async () => {
      const before = await get(permSession.id);
      const agentSessionId = before.agentSessionId;
      expect(agentSessionId).toBeTruthy();
      // The agent's process as the daemon's runtime knows it (the program started in the tmux pane).
      const row = d.app.sessions.ctx.store.row(permSession.id);
      const handle = handleOf(row);
      if (!handle) throw new Error('no runtime handle');
      const pid = await pluginsOf(d.app.sessions.ctx, row).runtime.pid(handle);
      if (pid === null) throw new Error('no pid for the session');
      // It is Claude itself: its live status file names this session.
      const statusFiles = claudePids(env.configDir);
      expect(statusFiles.find((p) => p.pid === pid)?.sessionId, JSON.stringify(statusFiles)).toBe(
        agentSessionId,
      );
      const mark = events.length;
      process.kill(pid, 'SIGKILL');
      const killedAt = Date.now();
      await waitFor(
        () => !isAlive(pid) || procState(pid) === 'Z',
        `claude killed (${procStatus(pid)})`,
        30_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; now: ${procStatus(pid)}`);
      });
      console.log(`SIGKILL → gone/zombie in ${Date.now() - killedAt} ms (${procStatus(pid)})`);

      const exited = await events.waitFor(
        (e) =>
          e.type === 'session.status_changed' &&
          e.data.session.id === permSession.id &&
          e.data.to === 'exited',
        'exited',
        { from: mark, timeoutMs: 30_000 },
      );
      if (exited.event.type !== 'session.status_changed') throw new Error('unreachable');
      console.log(`SIGKILL → exited over SSE in ${exited.receivedAt - killedAt} ms`);
      const ended = exited.event.data.session;
      expect(ended.activity).toBe('exited');
      expect(ended.lane).toBe('review');
      // The tmux pane's exit status: killed by a signal (tmux reports it as 128 + 9 when it has no signal format).
      expect(ended.exit?.signal === 'SIGKILL' || ended.exit?.code === 137, JSON.stringify(ended.exit)).toBe(
        true,
      );
      expect(ended.statusReason).toMatch(/claude-code (was killed by SIGKILL|exited with code 137)/);

      env.mock.on('TASK-RESUMED', [text('Still here.')]);
      const mark2 = events.length;
      const restored = await d.api<{ session: Session }>(
        'POST',
        `/api/sessions/${permSession.id}/restore`,
        {},
      );
      expect(restored.status, JSON.stringify(restored.body)).toBe(200);
      expect(restored.body.session).toMatchObject({ status: 'running', agentSessionId });
      expect(restored.body.session.evidence?.detail).toContain(
        `resumed agent conversation ${agentSessionId}`,
      );
      // Claude says it resumed (SessionStart with source "resume").
      await events.waitFor(
        (e) =>
          (e.type === 'session.activity' || e.type === 'session.updated') &&
          e.data.session.id === permSession.id &&
          e.data.session.evidence?.detail === 'session resume',
        'SessionStart resume',
        { from: mark2 },
      );
      rememberPids();

      const mark3 = events.length;
      const sent = await d.api<{ delivery: { state: string } }>(
        'POST',
        `/api/sessions/${permSession.id}/send`,
        {
          message: 'TASK-RESUMED are you there?',
        },
      );
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body.delivery.state).toBe('delivered');
      const req = await env.mock.waitForRequest((r) => r.main && r.lastUserText.includes('TASK-RESUMED'));
      // The earlier conversation went with it: the mock sees the first prompt and the tool's result.
      expect(req.allText).toContain('TASK-PERM: write perm.txt');
      expect(req.allText).toContain('Wrote perm.txt.');
      // Idle again after the turn (the Stop hook, the transcript or the status file, whichever comes first).
      await events.activity(permSession.id, 'idle', { from: mark3 });
      // Usage stays the conversation's total: the earlier turns plus the resumed one (2 + 1 responses of 20 tokens out).
      const after = await waitFor(async () => {
        const s = await get(permSession.id);
        return s.usage.tokensOut > before.usage.tokensOut ? s : null;
      }, 'usage of the resumed turn');
      expect(before.usage.tokensOut).toBe(40);
      expect(after.usage.tokensOut).toBe(60);
      expect(after.agentSessionId).toBe(agentSessionId);
    }, 120_000);
  },
);

const procStatus = (pid: number): string => {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    return text
      .split('\n')
      .filter((l) => /^(Name|State|PPid):/.test(l))
      .join(' ')
      .replace(/\s+/g, ' ');
  } catch (err) {
    return `no /proc entry (${(err as NodeJS.ErrnoException).code})`;
  }
};
const procState = (pid: number): string | null => /State:\s*(\w)/.exec(procStatus(pid))?.[1] ?? null;
