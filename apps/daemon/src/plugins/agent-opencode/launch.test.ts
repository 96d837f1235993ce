import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { opencodeConfigSchema } from './config';
import { buildOpencodeArgv, launchOpencode, withMcp } from './launch';
import { freePort, readServerInfo, SERVER_INFO_FILE } from './server-info';

const dir = mkdtempSync(join(tmpdir(), 'ao-opencode-launch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = {
  sessionId: 'ao-2',
  projectId: 'demo',
  cwd: '/w/ao-2',
  prompt: 'fix it',
  sessionDir: dir,
  hookUrl: 'http://127.0.0.1:3000/api/hooks/ao-2',
  hookSecret: 'x',
  resume: null,
};

describe('opencode launch', () => {
  it('builds the TUI argv: server port on loopback, model, permissions, prompt', () => {
    const config = opencodeConfigSchema.parse({
      model: 'anthropic/claude-sonnet-4-5',
      permissions: 'skip',
      args: ['--pure'],
    });
    expect(buildOpencodeArgv({ config, port: 4100, prompt: 'do it', resumeId: null })).toEqual([
      'opencode',
      '--port',
      '4100',
      '--hostname',
      '127.0.0.1',
      '--model',
      'anthropic/claude-sonnet-4-5',
      '--auto',
      '--pure',
      '--prompt',
      'do it',
    ]);
    const resumed = buildOpencodeArgv({
      config: opencodeConfigSchema.parse({}),
      port: 1,
      prompt: null,
      resumeId: 'ses_1',
    });
    expect(resumed).toEqual(['opencode', '--port', '1', '--hostname', '127.0.0.1', '--session', 'ses_1']);
  });

  it('records the server URL and a random password (0600) and passes the password by env only', async () => {
    const plan = await launchOpencode(opencodeConfigSchema.parse({ permissions: 'auto-edit' }), ctx, 4242);
    const info = await readServerInfo(dir);
    expect(info?.url).toBe('http://127.0.0.1:4242');
    expect(info?.password.length).toBeGreaterThanOrEqual(24);
    expect(statSync(join(dir, SERVER_INFO_FILE)).mode & 0o777).toBe(0o600);
    expect(plan.env['OPENCODE_SERVER_PASSWORD']).toBe(info?.password);
    expect(plan.env['OPENCODE_PERMISSION']).toBe('{"edit":"allow"}');
    expect(plan.command.join(' ')).not.toContain(info?.password ?? '-');
    expect(plan.prompt).toEqual({ mode: 'argv' });
    const again = await launchOpencode(opencodeConfigSchema.parse({}), {
      ...ctx,
      resume: { agentSessionId: 'ses_9' },
    });
    expect((await readServerInfo(dir))?.password).not.toBe(info?.password);
    expect(again.command).toContain('ses_9');
    expect(again.command).not.toContain('--prompt');
    expect(again.env['OPENCODE_PERMISSION']).toBeUndefined();
  });

  it('finds a free loopback port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1023);
  });
});

describe('opencode launch with the MCP server of ao', () => {
  const mcp = { url: 'http://127.0.0.1:3000/api/mcp', token: 'aomcp_secret-token' };
  it('adds a remote `ao` entry through OPENCODE_CONFIG_CONTENT, the token read from the environment', async () => {
    const plan = await launchOpencode(opencodeConfigSchema.parse({}), { ...ctx, mcp }, 4243);
    const inline = JSON.parse(plan.env['OPENCODE_CONFIG_CONTENT'] as string);
    expect(inline.mcp.ao).toEqual({
      type: 'remote',
      url: mcp.url,
      enabled: true,
      headers: { Authorization: 'Bearer {env:AO_MCP_TOKEN}' },
    });
    expect(plan.env['OPENCODE_CONFIG_CONTENT']).not.toContain(mcp.token);
    expect(plan.env['AO_MCP_TOKEN']).toBe(mcp.token);
    expect(JSON.stringify(plan.command)).not.toContain(mcp.token);
  });
  it("keeps the user's own inline config, and names it when it is not JSON", () => {
    const env = withMcp({ OPENCODE_CONFIG_CONTENT: '{"model":"x","mcp":{"other":{"type":"local"}}}' }, mcp);
    const inline = JSON.parse(env['OPENCODE_CONFIG_CONTENT'] as string);
    expect(inline.model).toBe('x');
    expect(Object.keys(inline.mcp)).toEqual(['other', 'ao']);
    expect(() => withMcp({ OPENCODE_CONFIG_CONTENT: '{' }, mcp)).toThrow(
      /OPENCODE_CONFIG_CONTENT is not JSON/,
    );
  });
});
