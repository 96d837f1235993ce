import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, type ProjectFixture, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeBins } from '../agent-claude/claude-bins';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { apiError, text, toolUse } from '../mocks/anthropic-mock';
import {
  type ClaudeEnv,
  claudePids,
  EventStream,
  killTmuxServer,
  startClaudeEnv,
  waitForExit,
} from './e2e-helpers';

const QUESTION = {
  questions: [
    {
      question: 'Which color should the button be?',
      header: 'Color',
      multiSelect: false,
      options: [
        { label: 'Red', description: 'A red button' },
        { label: 'Blue', description: 'A blue button' },
      ],
    },
  ],
};

/**
 * What stops Claude Code and needs a person, through the daemon: a question dialog mid-turn, a turn the API refuses,
 * a dialog at start-up, 2.1.332's auto mode notice, and a Claude Code that was never set up and cannot reach
 * Anthropic. Each is `blocked` with its own words (and the fix when there is one); `approve` answers none of them.
 */
describe.each(claudeBins())(
  'claude-code ($name): dialogs and failures that need a person (real CLI)',
  ({ name, path: bin }) => {
    let env: ClaudeEnv;
    let d: TestDaemon;
    let events: EventStream;
    const projects: ProjectFixture[] = [];
    let warn: Session;
    const pids = new Set<number>();

    const spawn = async (project: string, prompt: string) => {
      const res = await d.api<{ session: Session }>('POST', '/api/sessions', { project, prompt });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.session;
    };
    const get = async (id: string) =>
      (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
    const screen = async (id: string) =>
      (await d.api<{ text: string }>('GET', `/api/sessions/${id}/output`)).body.text;
    const blocked = async (id: string, timeoutMs = 60_000) => {
      const hit = await events.activity(id, 'blocked', { timeoutMs }).catch(async (err: Error) => {
        throw new Error(`${err.message}\nscreen:\n${await screen(id)}`);
      });
      if (hit.event.type !== 'session.activity') throw new Error('unreachable');
      return hit.event.data.evidence;
    };
    const add = async (
      id: string,
      settings: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ) => {
      const p = await makeProject(id, {
        agent: 'claude-code',
        agents: { 'claude-code': settings },
        ...extra,
      });
      projects.push(p);
      const res = await d.api('POST', '/api/projects', { configPath: p.configPath });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };

    const shellKey = process.env['ANTHROPIC_API_KEY'];
    beforeAll(async () => {
      env = await startClaudeEnv();
      // A key in the shell ao was started from: ao's tmux server inherits it, and so does every agent that does not
      // set its own (ao pre-approves only the keys in its own config).
      process.env['ANTHROPIC_API_KEY'] = 'sk-ant-api03-from-the-shell-0123456789abcdefghij';
      d = await startTestDaemon();
      events = new EventStream(d.url, d.token);
      const base: Record<string, unknown> = { ...env.agentSettings('skip'), binary: bin };
      await add('ask', base);
      await add('key', { ...base, env: { ...(base.env as object), CLAUDE_CODE_MAX_RETRIES: '0' } });
      // Newcomers, never set up (empty config dirs). With only the shell's key (not approved): Claude checks
      // api.anthropic.com first and exits when it cannot reach it. With a key in ao's config: its first-run screens.
      const fresh = join(env.root, 'fresh-config');
      const theme = join(env.root, 'theme-config');
      mkdirSync(fresh);
      mkdirSync(theme);
      const { ANTHROPIC_API_KEY: _key, ...noKey } = base['env'] as Record<string, string>;
      await add('fresh', { ...base, configDir: fresh, env: noKey });
      await add('theme', { ...base, configDir: theme });
      // Skipping permissions through args, not ao's setting: Claude's own warning comes up at start.
      const { model: _m, ...noModel } = base;
      await add(
        'warn',
        {
          ...base,
          permissions: 'default',
          args: ['--dangerously-skip-permissions'],
          env: { ...(base.env as object), IS_SANDBOX: '1' }, // as root Claude refuses the flag without it
        },
        { sessions: { firstPromptTimeoutSec: 10 } },
      );
      await add('auto', { ...noModel, permissions: 'default', args: ['--permission-mode', 'auto'] });
      // Started first: its start-up check runs while the other tests do.
      warn = await spawn('warn', 'TASK-WARN hello');
    }, 90_000);

    afterAll(async () => {
      for (const { pid } of claudePids(env.configDir)) pids.add(pid);
      await killTmuxServer(d.dataDir);
      await waitForExit([...pids]);
      await events.close();
      await d.stop();
      await env.close();
      for (const p of projects) p.cleanup();
      if (shellKey === undefined) delete process.env['ANTHROPIC_API_KEY'];
      else process.env['ANTHROPIC_API_KEY'] = shellKey;
    }, 60_000);

    it('a question from the agent (AskUserQuestion) is blocked with its words; approve does not answer it', async () => {
      env.mock.on('TASK-ASK', [toolUse('AskUserQuestion', QUESTION), text('Thanks.')]);
      const s = await spawn('ask', 'TASK-ASK pick a color');
      const evidence = await blocked(s.id);
      expect(evidence.source).toBe('screen');
      expect(evidence.detail).toMatch(/^Claude Code shows a dialog, not a permission prompt: /);
      expect(evidence.detail).toContain('Which color should the button be?');
      const approve = await d.api<{ error: { message: string } }>(
        'POST',
        `/api/sessions/${s.id}/approve`,
        {},
      );
      expect(approve.status).toBe(409);
      expect(await screen(s.id)).toContain('Which color should the button be?');
      expect((await get(s.id)).lane).toBe('review');
    }, 90_000);

    it('a turn the API refuses (401) is blocked with the fix, not left working', async () => {
      env.mock.on('TASK-401', apiError(401, 'authentication_error', 'invalid x-api-key'));
      const s = await spawn('key', 'TASK-401 hello');
      const evidence = await blocked(s.id);
      expect(['hook:StopFailure', 'transcript', 'status-file']).toContain(evidence.source);
      expect(evidence.detail).toContain('Invalid API key');
      expect(evidence.detail).toContain('Fix: set a valid ANTHROPIC_API_KEY in agents.claude-code.env');
    }, 90_000);

    it('never set up and no way to reach Anthropic: it exits, and the session says how to set it up', async () => {
      const s = await spawn('fresh', 'TASK-FRESH hello');
      const exited = await events
        .waitFor(
          (e) => e.type === 'session.status_changed' && e.data.session.id === s.id && e.data.to === 'exited',
          'exited',
          { timeoutMs: 60_000 },
        )
        .catch(async (err: Error) => {
          throw new Error(`${err.message}\nscreen:\n${await screen(s.id)}`);
        });
      if (exited.event.type !== 'session.status_changed') throw new Error('unreachable');
      const ended = exited.event.data.session;
      expect(ended.activity).toBe('blocked');
      expect(ended.exit?.lastLines.join('\n')).toContain('Unable to connect to Anthropic services');
      expect(ended.statusReason).toContain('Claude Code was never set up here (no login)');
      expect(ended.statusReason).toContain(
        `Fix: run \`CLAUDE_CONFIG_DIR=${join(env.root, 'fresh-config')} ${bin}\``,
      );
    }, 90_000);

    it('never set up, with a key ao passes: its first-run screens are blocked with the command that sets it up', async () => {
      const s = await spawn('theme', 'TASK-THEME hello');
      const evidence = await blocked(s.id);
      expect(evidence).toMatchObject({ source: 'config' });
      expect(evidence.detail).toBe(
        `Claude Code has not been set up on this machine: run \`CLAUDE_CONFIG_DIR=${join(env.root, 'theme-config')} ${bin}\` once in a terminal and log in`,
      );
      await waitFor(
        async () => (await screen(s.id)).includes('Choose the text style'),
        'the first-run screen',
      );
      expect((await d.api('POST', `/api/sessions/${s.id}/approve`, {})).status).toBe(409);
    }, 90_000);

    it.skipIf(name === 'pinned')(
      "2.1.332's auto mode notice ('Enter to stay in auto mode') is blocked, never approved",
      async () => {
        // A write outside the working folder: auto mode wants its server-side check (inside it, it just runs).
        const outside = join(env.root, 'auto.txt');
        env.mock.on('TASK-AUTO', [
          toolUse('Bash', { command: `echo hi > ${outside}`, description: 'write' }),
          text('Done.'),
        ]);
        const s = await spawn('auto', 'TASK-AUTO write a file');
        const evidence = await blocked(s.id);
        expect(evidence.detail).toContain("Auto mode can't check actions in this session");
        const approve = await d.api('POST', `/api/sessions/${s.id}/approve`, {});
        expect(approve.status).toBe(409);
        expect(await screen(s.id)).toContain('Enter to stay in auto mode');
      },
      90_000,
    );

    it('a dialog at start-up (bypass permissions warning) is blocked with its words once the first prompt is late', async () => {
      const evidence = await blocked(warn.id, 60_000);
      expect(evidence.source).toBe('lifecycle');
      expect(evidence.detail).toContain('has not taken its first prompt');
      expect(evidence.detail).toContain('WARNING: Claude Code running in Bypass Permissions mode');
      const approve = await d.api('POST', `/api/sessions/${warn.id}/approve`, {});
      expect(approve.status).toBe(409);
    }, 90_000);
  },
);
