import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnsafePathError } from '../agent-shared/hook-script';
import { codexConfigSchema } from './config';
import { buildCodexArgv, configOverrides, launchCodex, permissionArgs } from './launch';

const dir = mkdtempSync(join(tmpdir(), 'ao-codex-launch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = {
  sessionId: 'ao-1',
  projectId: 'demo',
  cwd: '/data/worktrees/demo/ao-1',
  prompt: '-fix the bug',
  sessionDir: dir,
  hookUrl: 'http://127.0.0.1:3000/api/hooks/ao-1',
  hookSecret: 's3cret-value',
  resume: null,
};

describe('codex launch', () => {
  it('maps permission modes to approval/sandbox flags', () => {
    expect(permissionArgs('default')).toEqual(['--ask-for-approval', 'on-request', '--sandbox', 'read-only']);
    expect(permissionArgs('auto-edit')).toEqual([
      '--ask-for-approval',
      'on-request',
      '--sandbox',
      'workspace-write',
    ]);
    expect(permissionArgs('skip')).toEqual(['--dangerously-bypass-approvals-and-sandbox']);
  });

  it('builds the TUI argv with the prompt after --, model, overrides and extra args', () => {
    const config = codexConfigSchema.parse({ model: 'gpt-5', args: ['--search'], binary: '/opt/codex' });
    const argv = buildCodexArgv({
      config,
      cwd: ctx.cwd,
      notifyArgv: ['/usr/bin/node', '/d/n.cjs'],
      prompt: '-x',
      resumeId: null,
    });
    expect(argv).toEqual([
      '/opt/codex',
      '--ask-for-approval',
      'on-request',
      '--sandbox',
      'read-only',
      '--model',
      'gpt-5',
      '-c',
      'notify=["/usr/bin/node","/d/n.cjs"]',
      '-c',
      'projects={"/data/worktrees/demo/ao-1"={trust_level="trusted"}}',
      '--search',
      '--',
      '-x',
    ]);
  });

  it("gives ao's system-prompt text as developer_instructions (a TOML string), none without text", () => {
    const config = codexConfigSchema.parse({});
    const base = { config, cwd: ctx.cwd, notifyArgv: ['/n'], prompt: 'p', resumeId: null };
    const argv = buildCodexArgv({ ...base, systemPrompt: 'Lessons:\n1. run "lint"' });
    const i = argv.indexOf('developer_instructions="Lessons:\\n1. run \\"lint\\""');
    expect(i).toBeGreaterThan(0);
    expect(argv[i - 1]).toBe('-c');
    expect(buildCodexArgv({ ...base, systemPrompt: null }).join(' ')).not.toContain('developer_instructions');
  });

  it('resumes by thread id without a prompt', () => {
    const config = codexConfigSchema.parse({ permissions: 'skip' });
    const argv = buildCodexArgv({
      config,
      cwd: '/w',
      notifyArgv: ['/n', '/s'],
      prompt: 'ignored',
      resumeId: 'abc-123',
    });
    expect(argv.slice(0, 3)).toEqual(['codex', 'resume', '--dangerously-bypass-approvals-and-sandbox']);
    expect(argv.slice(-2)).toEqual(['--', 'abc-123']);
    expect(argv).not.toContain('ignored');
  });

  it('refuses notify paths that could break out of the TOML string', () => {
    expect(() => configOverrides('/w', ['/usr/bin/node', '/tmp/a"b.cjs'])).toThrow(UnsafePathError);
  });

  it('writes a 0600 notify script holding the secret, never the secret in argv or env', async () => {
    const config = codexConfigSchema.parse({ env: { FOO: 'bar' }, home: '/h/.codex' });
    const plan = await launchCodex(config, ctx, '/usr/bin/node');
    const script = join(dir, 'codex-notify.cjs');
    expect(statSync(script).mode & 0o777).toBe(0o600);
    expect(readFileSync(script, 'utf8')).toContain('s3cret-value');
    expect(plan.command.join(' ')).not.toContain('s3cret-value');
    expect(plan.command).toContain(`notify=["/usr/bin/node","${script}"]`);
    expect(plan.env).toEqual({ FOO: 'bar', CODEX_HOME: '/h/.codex' });
    expect(plan.prompt).toEqual({ mode: 'argv' });
    expect(plan.command.slice(-2)).toEqual(['--', '-fix the bug']);
    expect(plan.agentSessionId).toBeNull();
    const resumed = await launchCodex(config, { ...ctx, resume: { agentSessionId: 't-1' } }, '/usr/bin/node');
    expect(resumed.agentSessionId).toBe('t-1');
    expect(resumed.prompt).toEqual({ mode: 'none' });
  });

  it('defaults CODEX_HOME to env.CODEX_HOME, else ~/.codex', async () => {
    const a = await launchCodex(codexConfigSchema.parse({ env: { CODEX_HOME: '/x' } }), ctx, '/usr/bin/node');
    expect(a.env['CODEX_HOME']).toBe('/x');
    const b = await launchCodex(codexConfigSchema.parse({}), ctx, '/usr/bin/node');
    expect(b.env['CODEX_HOME']).toMatch(/\/\.codex$/);
  });
});

describe('codex launch with the MCP server of ao', () => {
  it('adds mcp_servers.ao by -c overrides and gives the token by environment only', async () => {
    const mcp = { url: 'http://127.0.0.1:3000/api/mcp', token: 'aomcp_secret-token' };
    const plan = await launchCodex(codexConfigSchema.parse({}), { ...ctx, mcp }, '/usr/bin/node');
    expect(plan.command).toEqual(
      expect.arrayContaining([
        'mcp_servers.ao.url="http://127.0.0.1:3000/api/mcp"',
        'mcp_servers.ao.bearer_token_env_var="AO_MCP_TOKEN"',
      ]),
    );
    expect(plan.command.indexOf('--')).toBeGreaterThan(
      plan.command.indexOf('mcp_servers.ao.url="http://127.0.0.1:3000/api/mcp"'),
    );
    expect(JSON.stringify(plan.command)).not.toContain(mcp.token);
    expect(plan.env['AO_MCP_TOKEN']).toBe(mcp.token);
  });
});
