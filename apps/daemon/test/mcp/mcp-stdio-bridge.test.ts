import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AO_BIN, ao } from '../helpers/cli';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { parsed } from './mcp-daemon';

/** `ao mcp` (the built CLI) spawned by the SDK's StdioClientTransport, forwarding to a real daemon's /api/mcp. */
describe('ao mcp (stdio bridge)', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  }, 60_000);
  afterAll(async () => d?.stop(), 30_000);

  const connect = async (env: Record<string, string> = {}) => {
    const client = new Client({ name: 'ao-test', version: '1.0.0' });
    const { AO_MCP_TOKEN: _drop, ...base } = process.env as Record<string, string>;
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [AO_BIN, '--data-dir', d.dataDir, 'mcp'],
        env: { ...base, ...env },
        stderr: 'pipe',
      }),
    );
    return client;
  };

  it("with this machine's admin token: initialize, tools/list, tools/call", async () => {
    const c = await connect();
    expect(c.getServerVersion()?.name).toBe('ao');
    const tools = (await c.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('list_sessions');
    expect(tools).toContain('publish_briefing');
    const listed = parsed(await c.callTool({ name: 'list_sessions', arguments: {} }));
    expect(listed).toMatchObject({ isError: false, json: { total: 0, sessions: [], nextCursor: null } });
    const bad = parsed(await c.callTool({ name: 'get_diff', arguments: { id: 'demo-1', maxChars: 5 } }));
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/maxChars/);
    await c.close();
  }, 60_000);

  it('with AO_MCP_TOKEN: that scope; a wrong token is refused with why', async () => {
    const minted = await ao(d.dataDir, ['mcp', 'token', '--orchestrator']);
    expect(minted.stderr).toMatch(/MCP token [0-9a-f]{12} for orchestrator/);
    const c = await connect({ AO_MCP_TOKEN: minted.stdout.trim() });
    const published = parsed(await c.callTool({ name: 'publish_briefing', arguments: { text: 'hello' } }));
    expect(published.isError, published.text).toBe(false);
    expect((await d.api<{ briefing: { text: string } }>('GET', '/api/briefing')).body.briefing.text).toBe(
      'hello',
    );
    await c.close();
    await expect(connect({ AO_MCP_TOKEN: 'aomcp_wrong' })).rejects.toThrow(/missing or wrong MCP token/);
    await expect(ao(d.dataDir, ['mcp', 'token'])).rejects.toThrow(
      /exactly one of --orchestrator or --session/,
    );
  }, 60_000);
});
