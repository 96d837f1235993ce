import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from '../../src/cli/client';
import { printBriefing } from '../../src/cli/commands/brief';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { mcpClient, parsed } from './mcp-daemon';

/** `ao brief`: what an orchestrator published through the MCP tool, printed for the human. */
describe('ao brief (the published briefing)', () => {
  let d: TestDaemon;
  const printed = async (opts: { project?: string; json?: boolean } = {}) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await printBriefing(Client.fromDataDir(d.dataDir, { AO_URL: d.url }), opts);
      return log.mock.calls.map((c) => String(c[0])).join('\n');
    } finally {
      log.mockRestore();
    }
  };

  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('says so when nothing was published, then prints what the orchestrator published (escaped)', async () => {
    expect(await printed()).toMatch(/no briefing published for the fleet yet/);
    const { token } = d.app.mcp.tokens.mint({ kind: 'orchestrator' });
    const c = await mcpClient(d.url, token);
    const text = '1. Merge demo-2 first: it blocks demo-5.\n2. `e2e` is flaky.\u001b[2J';
    const res = parsed(await c.callTool({ name: 'publish_briefing', arguments: { text } }));
    expect(res.isError, res.text).toBe(false);
    await c.close();
    const out = await printed();
    expect(out).toMatch(/^Briefing for the fleet, published \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(out).toContain('1. Merge demo-2 first: it blocks demo-5.\n2. `e2e` is flaky.\\x1b[2J');
    expect(out).not.toContain('\u001b');
    expect(JSON.parse(await printed({ json: true }))).toMatchObject({ project: '*', text });
  });
});
