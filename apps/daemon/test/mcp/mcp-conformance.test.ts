import { readMessages, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE, type McpFleet, mcpClient, parsed, REPO, startMcpFleet } from './mcp-daemon';

const FLEET_TOOLS = [
  'list_sessions',
  'get_session',
  'get_diff',
  'send_message',
  'spawn_session',
  'kill_session',
  'restore_session',
  'merge_pr',
  'rerun_failed_checks',
  'list_issues',
  'escalate',
  'get_question',
  'answer_human',
  'record_reflection',
  'correct_drift',
  'publish_briefing',
];

/** ao's MCP server through the SDK's own client, over real HTTP to a real daemon with live tmux sessions. */
describe('POST /api/mcp (Streamable HTTP, SDK client)', () => {
  let f: McpFleet;
  let orchestrator: string;
  let worker: string;

  beforeAll(async () => {
    f = await startMcpFleet();
    const o = await f.d.api<{ token: string }>('POST', '/api/mcp/tokens', { scope: 'orchestrator' });
    expect(o.status).toBe(201);
    orchestrator = o.body.token;
    const w = await f.d.api<{ token: string }>('POST', '/api/mcp/tokens', {
      scope: 'worker',
      sessionId: f.failing.id,
    });
    expect(w.status).toBe(201);
    worker = w.body.token;
  }, 120_000);
  afterAll(async () => f?.close(), 60_000);

  it('401 without a token or with a wrong one; GET is 405; minting needs the admin token', async () => {
    const post = (auth?: string) =>
      fetch(`${f.d.url}/api/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(auth ? { authorization: auth } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    for (const auth of [undefined, 'Bearer nope', 'Bearer aomcp_wrong']) {
      const res = await post(auth);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    await expect(mcpClient(f.d.url, null)).rejects.toThrow(/missing or wrong MCP token/);
    const get = await fetch(`${f.d.url}/api/mcp`, { headers: { authorization: `Bearer ${orchestrator}` } });
    expect(get.status).toBe(405);
    const mint = await fetch(`${f.d.url}/api/mcp/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${orchestrator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scope: 'orchestrator' }),
    });
    expect(mint.status).toBe(401); // an MCP token is no API token
    const bad = await f.d.api<{ error: { field?: string } }>('POST', '/api/mcp/tokens', { scope: 'worker' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('sessionId');
  });

  it('initialize and tools/list: each scope sees its tools, with schemas and annotations', async () => {
    const admin = await mcpClient(f.d.url, f.d.token);
    expect(admin.getServerVersion()?.name).toBe('ao');
    expect(admin.getInstructions()).toMatch(/untrusted/);
    const adminTools = (await admin.listTools()).tools;
    expect(adminTools.map((t) => t.name)).toEqual(FLEET_TOOLS);
    const list = adminTools.find((t) => t.name === 'list_sessions');
    expect(list?.annotations?.readOnlyHint).toBe(true);
    expect(adminTools.find((t) => t.name === 'kill_session')?.annotations?.destructiveHint).toBe(true);
    expect(Object.keys(list?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['lane', 'project', 'limit', 'cursor']),
    );
    await admin.close();
    const orch = await mcpClient(f.d.url, orchestrator);
    expect((await orch.listTools()).tools.map((t) => t.name)).toEqual(FLEET_TOOLS);
    await orch.close();
    const w = await mcpClient(f.d.url, worker);
    expect((await w.listTools()).tools.map((t) => t.name)).toEqual([
      'get_session',
      'ask_orchestrator',
      'report_blocked',
    ]);
    await w.close();
  });

  it('list_sessions and get_session: the failing check with its log excerpt', async () => {
    const c = await mcpClient(f.d.url, orchestrator);
    const listed = parsed(await c.callTool({ name: 'list_sessions', arguments: {} }));
    expect(listed.isError).toBe(false);
    const rows = (listed.json as { total: number; sessions: Array<Record<string, unknown>> }).sessions;
    expect(rows.map((r) => r.id).sort()).toEqual([f.failing.id, f.other.id].sort());
    const row = rows.find((r) => r.id === f.failing.id);
    expect(row).toMatchObject({ project: 'demo', pr: { ci: 'failing', number: f.failing.pr?.number } });
    // The fleet signals ride along (compact): the failing check with its class, no predicted conflict, no order.
    expect(row?.signals).toMatchObject({
      failingChecks: [{ name: 'test', class: 'real' }],
      conflicts: [],
      blockedBy: [],
      blocks: [],
    });
    const paged = parsed(await c.callTool({ name: 'list_sessions', arguments: { limit: 1 } }));
    expect(paged.json).toMatchObject({ total: 2, nextCursor: '1' });

    const one = parsed(await c.callTool({ name: 'get_session', arguments: { id: f.failing.id } }));
    expect(one.isError, one.text).toBe(false);
    const s = one.json as { failingChecks: Array<{ name: string; excerpt: string }>; diffStat: unknown };
    expect(s.failingChecks[0]?.name).toBe('test');
    expect(s.failingChecks[0]?.excerpt).toContain(FAILURE);
    expect(s.diffStat).toMatchObject({ totalFiles: 0 });
    const diff = parsed(await c.callTool({ name: 'get_diff', arguments: { id: f.failing.id } }));
    expect(diff.json).toMatchObject({ diff: '', truncated: false });
    await c.close();
  });

  it('bad input is a tool error naming the field; an unknown session is a tool error', async () => {
    const c = await mcpClient(f.d.url, orchestrator);
    const bad = parsed(await c.callTool({ name: 'get_session', arguments: { id: 'NOT AN ID' } }));
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/id/);
    expect(bad.text).toMatch(/session id looks like/);
    const lane = parsed(await c.callTool({ name: 'list_sessions', arguments: { lane: 'nowhere' } }));
    expect(lane.isError).toBe(true);
    expect(lane.text).toMatch(/lane/);
    const missing = parsed(await c.callTool({ name: 'get_session', arguments: { id: 'demo-99' } }));
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/session_not_found/);
    const spawn = parsed(await c.callTool({ name: 'spawn_session', arguments: {} }));
    expect(spawn.text).toMatch(/field: issue/);
    await c.close();
  });

  it('a worker token reaches its own session only, and the ask/report tools', async () => {
    const c = await mcpClient(f.d.url, worker);
    const own = parsed(await c.callTool({ name: 'get_session', arguments: { id: f.failing.id } }));
    expect(own.isError, own.text).toBe(false);
    const other = parsed(await c.callTool({ name: 'get_session', arguments: { id: f.other.id } }));
    expect(other.isError).toBe(true);
    expect(other.text).toMatch(/forbidden/);
    const fleet = parsed(await c.callTool({ name: 'list_sessions', arguments: {} }));
    expect(fleet.isError).toBe(true);
    expect(fleet.text).toMatch(/not found/);
    const asked = parsed(
      await c.callTool({ name: 'ask_orchestrator', arguments: { question: 'Which API?' } }),
    );
    expect(asked.isError, asked.text).toBe(false);
    const blocked = parsed(await c.callTool({ name: 'report_blocked', arguments: { reason: '  ' } }));
    expect(blocked.isError).toBe(true);
    await c.close();
  });

  it('send_message reaches the live worker; escalate and publish_briefing are recorded', async () => {
    const c = await mcpClient(f.d.url, orchestrator);
    const sent = parsed(
      await c.callTool({
        name: 'send_message',
        arguments: { id: f.other.id, message: 'Please add tests too' },
      }),
    );
    expect(sent.isError, sent.text).toBe(false);
    const messagesFile = f.p.messagesFile;
    await waitFor(
      () => readMessages(messagesFile).includes('Please add tests too'),
      'the worker received it',
    );
    const esc = parsed(
      await c.callTool({
        name: 'escalate',
        arguments: { sessionId: f.failing.id, summary: 'CI fails twice', recommendation: 'Close the PR' },
      }),
    );
    expect(esc.isError, esc.text).toBe(false);
    const brief = parsed(
      await c.callTool({ name: 'publish_briefing', arguments: { text: '# Today\nAll quiet.' } }),
    );
    expect(brief.isError, brief.text).toBe(false);
    const got = await f.d.api<{ briefing: { text: string } | null }>('GET', '/api/briefing');
    expect(got.body.briefing?.text).toBe('# Today\nAll quiet.');
    await c.close();
  });

  it('list_issues reads the tracker; rerun_failed_checks re-runs the failed Actions job', async () => {
    const c = await mcpClient(f.d.url, orchestrator);
    const issues = parsed(await c.callTool({ name: 'list_issues', arguments: { project: 'demo' } }));
    expect(issues.isError, issues.text).toBe(false);
    expect(issues.json).toMatchObject({ total: 1, issues: [{ number: 7, title: 'Add a --json flag' }] });
    const rerun = parsed(await c.callTool({ name: 'rerun_failed_checks', arguments: { id: f.failing.id } }));
    expect(rerun.isError, rerun.text).toBe(false);
    expect(rerun.json).toMatchObject({ rerun: ['test'], skipped: [] });
    const reruns = f.gh.repo(REPO).reruns;
    expect(reruns).toMatchObject([{ via: 'workflow_run', id: f.checkRunId + 1 }]);
    const again = f.gh.repo(REPO).checkRuns.find((r) => r.id === reruns[0]?.created[0]);
    expect(again).toMatchObject({ name: 'test', status: 'completed' });
    await c.close();
  });

  it('concurrent calls of both scopes each get their own answer', async () => {
    const [o, w] = await Promise.all([mcpClient(f.d.url, orchestrator), mcpClient(f.d.url, worker)]);
    const calls = Array.from({ length: 12 }, (_, i) =>
      i % 2
        ? o.callTool({ name: 'list_sessions', arguments: {} }).then((r) => ['o', parsed(r)] as const)
        : w
            .callTool({ name: 'get_session', arguments: { id: f.failing.id } })
            .then((r) => ['w', parsed(r)] as const),
    );
    for (const [who, r] of await Promise.all(calls)) {
      expect(r.isError, r.text).toBe(false);
      expect(r.json).toHaveProperty(who === 'o' ? 'sessions' : 'failingChecks');
    }
    await Promise.all([o.close(), w.close()]);
  });

  it('a revoked token is refused', async () => {
    const t = await f.d.api<{ id: string; token: string }>('POST', '/api/mcp/tokens', {
      scope: 'orchestrator',
    });
    const c = await mcpClient(f.d.url, t.body.token);
    await c.close();
    expect((await f.d.api('DELETE', `/api/mcp/tokens/${t.body.id}`)).status).toBe(204);
    await expect(mcpClient(f.d.url, t.body.token)).rejects.toThrow(/missing or wrong MCP token/);
  });

  it("kill_session revokes the session's worker tokens; restore_session brings it back", async () => {
    const w = await f.d.api<{ token: string }>('POST', '/api/mcp/tokens', {
      scope: 'worker',
      sessionId: f.other.id,
    });
    const before = await mcpClient(f.d.url, w.body.token);
    await before.close();
    const c = await mcpClient(f.d.url, orchestrator);
    const killed = parsed(await c.callTool({ name: 'kill_session', arguments: { id: f.other.id } }));
    expect(killed.isError, killed.text).toBe(false);
    expect(killed.json).toMatchObject({ id: f.other.id, status: 'killed', lane: 'done' });
    await expect(mcpClient(f.d.url, w.body.token)).rejects.toThrow(/missing or wrong MCP token/);
    const restored = parsed(await c.callTool({ name: 'restore_session', arguments: { id: f.other.id } }));
    expect(restored.isError, restored.text).toBe(false);
    expect(restored.json).toMatchObject({ id: f.other.id, status: 'running' });
    await c.close();
  }, 60_000);
});
