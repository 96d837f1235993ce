import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMessages, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { claudeBins } from '../agent-claude/claude-bins';
import { API_KEY, type ClaudeEnv, MODEL, startClaudeEnv } from '../e2e/e2e-helpers';
import { text, toolUse } from '../mocks/anthropic-mock';
import { FAILURE, type McpFleet, startMcpFleet } from './mcp-daemon';

const NUDGE = 'The login test fails: read its log in get_session and fix it.';

/**
 * The real Claude Code CLI as an orchestrator: `--mcp-config` points its own MCP client at ao's /api/mcp with an
 * orchestrator token; the model mock answers with tool_use blocks naming mcp__ao__<tool>. It lists the fleet, reads a
 * failing check's log and messages a live worker (the generic agent in real tmux), which receives it.
 */
describe.each(claudeBins())('Claude Code ($name) drives ao through its MCP server', ({ path: bin }) => {
  let f: McpFleet;
  let env: ClaudeEnv;
  let configFile: string;

  beforeAll(async () => {
    [f, env] = await Promise.all([startMcpFleet(), startClaudeEnv()]);
    const minted = await f.d.api<{ token: string }>('POST', '/api/mcp/tokens', { scope: 'orchestrator' });
    configFile = join(env.root, 'mcp.json');
    const server = {
      type: 'http',
      url: `${f.d.url}/api/mcp`,
      headers: { Authorization: `Bearer ${minted.body.token}` },
    };
    writeFileSync(configFile, JSON.stringify({ mcpServers: { ao: server } }));
  }, 120_000);
  afterAll(async () => {
    await f?.close();
    await env?.close();
  }, 60_000);

  it('lists sessions, reads the failing check, messages the worker', async () => {
    const prompt = `Oversee the fleet ${bin.length}`;
    env.mock.on(prompt, [
      toolUse('mcp__ao__list_sessions', {}),
      toolUse('mcp__ao__get_session', { id: f.failing.id }),
      toolUse('mcp__ao__send_message', { id: f.failing.id, message: NUDGE }),
      text('Nudged the worker.'),
    ]);
    const args = [
      '-p',
      '--mcp-config',
      configFile,
      '--dangerously-skip-permissions',
      '--model',
      MODEL,
      prompt,
    ];
    const run = await exec(bin, args, {
      cwd: env.root,
      timeoutMs: 120_000,
      env: {
        ...process.env,
        CLAUDE_CONFIG_DIR: env.configDir,
        ANTHROPIC_BASE_URL: env.mock.url,
        ANTHROPIC_API_KEY: API_KEY,
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        ...(process.getuid?.() === 0 ? { IS_SANDBOX: '1' } : {}),
      },
    });
    expect(run.stdout).toContain('Nudged the worker.');

    const main = env.mock.mainRequests();
    // The pinned CLI offers MCP tools in `tools`; newer ones defer them behind ToolSearch and name them elsewhere in
    // the request. Either way the model is told of mcp__ao__list_sessions.
    expect(JSON.stringify(main[0]?.body)).toContain('mcp__ao__list_sessions');
    const results = main.flatMap((r) => r.toolResults);
    expect(results).toHaveLength(3);
    for (const r of results) expect(r.isError, r.text).toBe(false);
    expect(results[0]?.text).toContain(f.other.id);
    expect(results[0]?.text).toContain('"ci":"failing"');
    expect(results[1]?.text).toContain(FAILURE);
    expect(results[2]?.text).toMatch(/"delivery":\{"id":\d+,"state":"(delivered|sent|queued)"/);
    await waitFor(() => readMessages(f.p.messagesFile).includes(NUDGE), 'the worker received the message');
  }, 180_000);
});
