import type { Session } from '@ao/shared/session';
import {
  type MockTurn,
  makeProject,
  type OpenAiRequest,
  type OpenAiResponsesMock,
  type ProjectFixture,
  startOpenAiResponsesMock,
  waitFor,
} from '@ao/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome } from '../agent-codex/harness';
import { EventStream, killTmuxServer } from '../e2e/e2e-helpers';
import { CODEX_BIN } from '../helpers/agent-bins';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { mcpClient } from '../mcp/mcp-daemon';

type Input = Array<Record<string, unknown>>;
const outputs = (req: OpenAiRequest) =>
  ((req.body as { input?: Input }).input ?? []).filter((i) => i['type'] === 'function_call_output');

/**
 * The launch wiring with the real Codex CLI as the orchestrator: ao starts it (interactive, in tmux, in its scratch
 * dir) with `-c mcp_servers.ao.*` and the token in AO_MCP_TOKEN; a worker's report wakes it with a digest; its own MCP
 * client offers ao's tools to the model (the Responses mock) and carries out list_sessions.
 */
describe('Codex as the orchestrator', () => {
  let mock: OpenAiResponsesMock;
  let home: { home: string; cleanup(): void };
  let p: ProjectFixture;
  let d: TestDaemon;
  let events: EventStream;
  let client: Client | null = null;

  beforeAll(async () => {
    mock = await startOpenAiResponsesMock({
      eventDelayMs: 5,
      script: (req): MockTurn => {
        const body = req.body as { tools?: unknown[] };
        if (!body.tools?.length) return { kind: 'message', text: 'title' };
        if (outputs(req as OpenAiRequest).length === 0)
          return { kind: 'function_call', namespace: 'mcp__ao', name: 'list_sessions', arguments: {} };
        return { kind: 'message', text: 'Looked at the fleet.' };
      },
    });
    home = makeCodexHome(mock.baseUrl);
    p = await makeProject('cx', {
      agent: 'generic',
      agents: {
        generic: { command: ['sleep', '3600'], prompt: 'none' },
        codex: {
          binary: CODEX_BIN,
          permissions: 'skip',
          home: home.home,
          env: { AO_TEST_MOCK_KEY: 'sk-test' },
        },
      },
      orchestrator: { enabled: true, agent: 'codex', briefingEveryMin: 0 },
    });
    d = await startTestDaemon();
    events = new EventStream(d.url, d.token);
    const res = await d.api('POST', '/api/projects', { configPath: p.configPath });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    for (const s of (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions)
      if (s.status === 'running') await d.api('POST', `/api/sessions/${s.id}/kill`, {});
    await killTmuxServer(d.dataDir);
    await events?.close();
    await d?.stop();
    await mock?.close();
    home?.cleanup();
    p?.cleanup();
  }, 60_000);

  it("offers ao's tools through its own MCP client and calls them when woken", async () => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { prompt: 'Write the changelog' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const worker = res.body.session;
    const minted = await d.api<{ token: string }>('POST', '/api/mcp/tokens', {
      scope: 'worker',
      sessionId: worker.id,
    });
    client = await mcpClient(d.url, minted.body.token);
    await client.callTool({
      name: 'ask_orchestrator',
      arguments: { question: 'Which version goes in the changelog?' },
    });

    await events.waitFor((e) => e.type === 'orchestrator.woken', 'the wake', { timeoutMs: 90_000 });
    const req = await waitFor(
      () => mock.responseRequests().find((r) => outputs(r).length > 0) ?? null,
      'codex sent back the list_sessions result',
      90_000,
    );
    type Tool = { name?: string; tools?: Array<{ name: string }> };
    const first = mock
      .responseRequests()
      .find((r) => ((r.body as { tools?: Tool[] }).tools ?? []).length > 0);
    const ao = ((first?.body as { tools?: Tool[] } | undefined)?.tools ?? []).find(
      (t) => t.name === 'mcp__ao',
    );
    expect(ao?.tools?.map((t) => t.name)).toEqual(expect.arrayContaining(['list_sessions', 'send_message']));
    expect(JSON.stringify(first?.body)).toContain('Which version goes in the changelog?');
    const result = JSON.stringify(outputs(req)[0]?.['output']);
    expect(result).toContain(worker.id);
  }, 180_000);
});
