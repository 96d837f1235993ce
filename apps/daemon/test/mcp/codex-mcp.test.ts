import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  codexConfigToml,
  type MockTurn,
  type OpenAiRequest,
  type OpenAiResponsesMock,
  readMessages,
  startOpenAiResponsesMock,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { CODEX_BIN } from '../helpers/agent-bins';
import { FAILURE, type McpFleet, startMcpFleet } from './mcp-daemon';

const KEY = 'sk-test-codex';
const NUDGE = 'Codex says: the login test fails, fix it.';

type Input = Array<Record<string, unknown>>;
const outputs = (req: OpenAiRequest) =>
  ((req.body as { input?: Input }).input ?? []).filter((i) => i['type'] === 'function_call_output');

/**
 * The real Codex CLI as an MCP client of ao: `[mcp_servers.ao]` in its config.toml (url + bearer_token_env_var), the
 * Responses mock calling ao's tools one after the other.
 */
describe('Codex drives ao through its MCP server', () => {
  let f: McpFleet;
  let mock: OpenAiResponsesMock;
  let home: string;
  let token: string;

  beforeAll(async () => {
    f = await startMcpFleet();
    token = (await f.d.api<{ token: string }>('POST', '/api/mcp/tokens', { scope: 'orchestrator' })).body
      .token;
    const calls = [
      ['list_sessions', {}],
      ['get_session', { id: f.failing.id }],
      ['send_message', { id: f.failing.id, message: NUDGE }],
    ] as const;
    mock = await startOpenAiResponsesMock({
      script: (req): MockTurn => {
        const body = req.body as { tools?: Array<{ name?: string; type?: string }> };
        if (!body.tools?.length) return { kind: 'message', text: 'title' };
        const call = calls[outputs(req).length];
        if (!call) return { kind: 'message', text: 'Nudged the worker.' };
        return { kind: 'function_call', namespace: 'mcp__ao', name: call[0], arguments: call[1] };
      },
    });
    home = mkdtempSync(join(tmpdir(), 'ao-codex-mcp-'));
    const mcp = [
      '[mcp_servers.ao]',
      `url = "${f.d.url}/api/mcp"`,
      'bearer_token_env_var = "AO_MCP_TOKEN"',
      '',
    ];
    writeFileSync(
      join(home, 'config.toml'),
      `${codexConfigToml(mock.baseUrl, 'AO_TEST_MOCK_KEY')}${mcp.join('\n')}`,
    );
  }, 120_000);
  afterAll(async () => {
    await f?.close();
    await mock?.close();
    rmSync(home, { recursive: true, force: true });
  }, 60_000);

  it('lists sessions, reads the failing check, messages the worker', async () => {
    const { stdout } = await exec(
      CODEX_BIN,
      ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'oversee the fleet'],
      {
        cwd: home,
        env: { ...process.env, CODEX_HOME: home, AO_TEST_MOCK_KEY: KEY, AO_MCP_TOKEN: token },
        input: '',
        timeoutMs: 120_000,
      },
    );
    const reqs = mock.responseRequests();
    // Codex 0.169 offers an MCP server's tools as one namespace tool, `mcp__ao`, holding ao's functions.
    type Tool = { name?: string; tools?: Array<{ name: string }> };
    const tools = (reqs[0]?.body as { tools?: Tool[] } | undefined)?.tools;
    const ao = tools?.find((t) => t.name === 'mcp__ao');
    expect(ao?.tools?.map((t) => t.name)).toEqual(expect.arrayContaining(['list_sessions', 'get_session']));
    expect(stdout).toContain('Nudged the worker.');
    const results = outputs(reqs[reqs.length - 1] as OpenAiRequest).map((o) => JSON.stringify(o['output']));
    expect(results).toHaveLength(3);
    expect(results[0]).toContain(f.other.id);
    expect(results[1]).toContain(FAILURE.replace(/"/g, '\\"'));
    await waitFor(() => readMessages(f.p.messagesFile).includes(NUDGE), 'the worker received the message');
  }, 180_000);
});
