import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentLaunchContext } from '@ao/shared/plugin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeCodeConfigSchema } from './config';
import { agentClaudeCode } from './index';
import { MAX_SYSTEM_PROMPT } from './launch';
import { HOOK_EVENTS } from './settings';

const noop = () => undefined;
const pluginCtx = {
  dataDir: '/tmp',
  logger: { debug: noop, info: noop, warn: noop, error: noop },
  exec: async () => ({ stdout: '', stderr: '' }),
};

describe('claude-code launch', () => {
  let root: string;
  let ctx: AgentLaunchContext;
  let configDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ao-claunch-'));
    configDir = join(root, 'cfg');
    mkdirSync(configDir);
    writeFileSync(join(configDir, '.claude.json'), '{"hasCompletedOnboarding":true,"theme":"dark"}');
    mkdirSync(join(root, 'wt_1.x'));
    ctx = {
      sessionId: 's-1',
      projectId: 'p',
      cwd: join(root, 'wt_1.x'),
      prompt: 'fix the bug\nplease',
      sessionDir: join(root, 'sess'),
      hookUrl: 'http://127.0.0.1:3000/api/hooks/s-1',
      hookSecret: 'hook-secret-1',
      resume: null,
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const agent = (cfg: object = {}) =>
    agentClaudeCode.create(claudeCodeConfigSchema.parse({ configDir, ...cfg }), pluginCtx);

  it('builds argv with a fresh session id, settings, and the prompt after --', async () => {
    const plan = await agent({ model: 'claude-sonnet-4-5', args: ['--verbose'] }).launch(ctx);
    expect(plan.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(plan.command).toEqual([
      'claude',
      '--session-id',
      plan.agentSessionId,
      '--settings',
      join(ctx.sessionDir, 'claude-settings.json'),
      '--permission-mode',
      'default',
      '--model',
      'claude-sonnet-4-5',
      '--verbose',
      '--',
      'fix the bug\nplease',
    ]);
    expect(plan.prompt).toEqual({ mode: 'argv' });
    expect(plan.model).toBe('claude-sonnet-4-5');
    expect(plan.env['CLAUDE_CONFIG_DIR']).toBe(configDir);
    expect(readdirSync(ctx.cwd)).toEqual([]); // nothing written into the worktree
  });

  it("gives ao's system-prompt text with --append-system-prompt, cut at MAX_SYSTEM_PROMPT", async () => {
    const plan = await agent().launch({ ...ctx, systemPrompt: 'Lessons:\n1. lint first' });
    const i = plan.command.indexOf('--append-system-prompt');
    expect(plan.command[i + 1]).toBe('Lessons:\n1. lint first');
    expect(i).toBeLessThan(plan.command.indexOf('--'));
    const long = await agent().launch({ ...ctx, systemPrompt: 'x'.repeat(MAX_SYSTEM_PROMPT + 10) });
    expect(long.command[long.command.indexOf('--append-system-prompt') + 1]).toHaveLength(MAX_SYSTEM_PROMPT);
    expect((await agent().launch({ ...ctx, systemPrompt: null })).command).not.toContain(
      '--append-system-prompt',
    );
  });

  it('hooks: http to the daemon (secret in the 0600 settings file only), SessionStart by command; trusts the cwd', async () => {
    const plan = await agent().launch(ctx);
    const file = join(ctx.sessionDir, 'claude-settings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const settings = JSON.parse(readFileSync(file, 'utf8'));
    const script = join(ctx.sessionDir, 'claude-hook.cjs');
    expect(Object.keys(settings.hooks)).toEqual([...HOOK_EVENTS]);
    for (const event of HOOK_EVENTS) {
      const [entry] = settings.hooks[event];
      expect(entry.matcher).toBe(event.endsWith('ToolUse') ? '*' : undefined);
      if (event === 'SessionStart') {
        expect(entry.hooks).toEqual([
          { type: 'command', command: `"${process.execPath}" "${script}"`, timeout: 10 },
        ]);
      } else {
        expect(entry.hooks).toEqual([
          { type: 'http', url: ctx.hookUrl, headers: { 'X-Ao-Hook-Secret': 'hook-secret-1' }, timeout: 10 },
        ]);
      }
    }
    expect(statSync(script).mode & 0o777).toBe(0o600);
    expect(readFileSync(script, 'utf8')).toContain('hook-secret-1');
    expect(JSON.stringify(plan)).not.toContain('hook-secret-1'); // not on the command line, not in the environment
    const state = JSON.parse(readFileSync(join(configDir, '.claude.json'), 'utf8'));
    expect(state).toMatchObject({ theme: 'dark', projects: { [ctx.cwd]: { hasTrustDialogAccepted: true } } });
  });

  it('hooks: command for every event when asked, or when a Claude settings file does not allow the URL', async () => {
    const commandOnly = async () => {
      const settings = JSON.parse(readFileSync(join(ctx.sessionDir, 'claude-settings.json'), 'utf8'));
      return HOOK_EVENTS.every((e) => settings.hooks[e][0].hooks[0].type === 'command');
    };
    await agent({ hooks: 'command' }).launch(ctx);
    expect(await commandOnly()).toBe(true);
    writeFileSync(
      join(configDir, 'settings.json'),
      '{"allowedHttpHookUrls":["https://hooks.example.com/*"]}',
    );
    await agent().launch(ctx);
    expect(await commandOnly()).toBe(true);
    writeFileSync(join(configDir, 'settings.json'), '{"allowedHttpHookUrls":["http://127.0.0.1:3000/*"]}');
    await agent().launch(ctx);
    expect(await commandOnly()).toBe(false);
    mkdirSync(join(ctx.cwd, '.claude'));
    writeFileSync(join(ctx.cwd, '.claude', 'settings.local.json'), '{"allowManagedHooksOnly":true}');
    await agent().launch(ctx);
    expect(await commandOnly()).toBe(true);
  });

  it('resumes with --resume, and maps permission modes', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const plan = await agent({ permissions: 'auto-edit' }).launch({
      ...ctx,
      prompt: null,
      resume: { agentSessionId: id },
    });
    expect(plan.command.slice(1, 3)).toEqual(['--resume', id]);
    expect(plan.command).toContain('acceptEdits');
    expect(plan.agentSessionId).toBe(id);
    expect(plan.prompt).toEqual({ mode: 'none' });
    await expect(agent().launch({ ...ctx, resume: { agentSessionId: '--evil' } })).rejects.toThrow();

    const dflt = await agent().launch(ctx);
    expect(dflt.command.slice(5, 7)).toEqual(['--permission-mode', 'default']);
    const skip = await agent({ permissions: 'skip' }).launch(ctx);
    expect(skip.command).not.toContain('--permission-mode');
    expect(skip.command).toContain('--dangerously-skip-permissions');
    expect(skip.env['IS_SANDBOX']).toBe(process.getuid?.() === 0 ? '1' : undefined);
    const settings = JSON.parse(readFileSync(join(ctx.sessionDir, 'claude-settings.json'), 'utf8'));
    expect(settings.skipDangerousModePermissionPrompt).toBe(true);
  });

  it('types a prompt too long for argv', async () => {
    const plan = await agent().launch({ ...ctx, prompt: 'x'.repeat(200_000) });
    expect(plan.prompt).toMatchObject({ mode: 'type' });
    expect(plan.command.at(-1)).not.toContain('xxxx');
  });

  it('trusts the real path too when the cwd is reached through a symlink (Claude resolves it)', async () => {
    symlinkSync(root, join(root, 'link'));
    const cwd = join(root, 'link', 'wt_1.x');
    await agent().launch({ ...ctx, cwd });
    const state = JSON.parse(readFileSync(join(configDir, '.claude.json'), 'utf8')) as {
      projects: Record<string, { hasTrustDialogAccepted?: boolean }>;
    };
    expect(state.projects[cwd]?.hasTrustDialogAccepted).toBe(true);
    expect(state.projects[ctx.cwd]?.hasTrustDialogAccepted).toBe(true);
  });

  it('refuses a session dir that cannot be quoted safely in the hook command', async () => {
    await expect(agent().launch({ ...ctx, sessionDir: join(root, 'a"b') })).rejects.toThrow(/not safe/);
  });

  it('points its MCP client at ao with --mcp-config (0600, the token in the file only) and allows ao tools', async () => {
    const mcp = { url: 'http://127.0.0.1:3000/api/mcp', token: 'aomcp_secret-token' };
    const plan = await agent().launch({ ...ctx, mcp });
    const file = join(ctx.sessionDir, 'claude-mcp.json');
    const at = plan.command.indexOf('--mcp-config');
    expect(plan.command[at + 1]).toBe(file);
    expect(plan.command.indexOf('--')).toBeGreaterThan(at); // before the prompt
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      mcpServers: { ao: { type: 'http', url: mcp.url, headers: { Authorization: `Bearer ${mcp.token}` } } },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(plan.command)).not.toContain(mcp.token);
    expect(JSON.stringify(plan.env)).not.toContain(mcp.token);
    const settings = JSON.parse(readFileSync(join(ctx.sessionDir, 'claude-settings.json'), 'utf8'));
    expect(settings.permissions).toEqual({ allow: ['mcp__ao'] });
    const without = await agent().launch(ctx);
    expect(without.command).not.toContain('--mcp-config');
  });

  it("seeds only this session's state for a pod: onboarding done, the cwd trusted, the key approved (0600)", async () => {
    writeFileSync(
      join(configDir, '.claude.json'),
      '{"hasCompletedOnboarding":true,"oauthAccount":{"email":"me@x"},"projects":{"/other":{"history":["x"]}}}',
    );
    const key = 'sk-ant-api-key-0123456789abcdefghij';
    const plan = await agent({ env: { ANTHROPIC_API_KEY: key } }).launch(ctx);
    const file = join(ctx.sessionDir, 'claude-state-seed.json');
    expect(plan.files).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      hasCompletedOnboarding: true,
      projects: { [ctx.cwd]: { hasTrustDialogAccepted: true } },
      customApiKeyResponses: { approved: [key.slice(-20)], rejected: [] },
    });
    expect(plan.stateSeed).toEqual({
      dir: configDir,
      copies: [{ from: file, to: join(configDir, '.claude.json') }],
      env: { CLAUDE_CONFIG_DIR: configDir },
    });
    // An install never set up is not marked set up in the pod either.
    writeFileSync(join(configDir, '.claude.json'), '{}');
    await agent().launch(ctx);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      projects: { [ctx.cwd]: { hasTrustDialogAccepted: true } },
    });
  });
});
