import type { Daemon } from './daemon';

/** Calls a tool of ao's MCP server as JSON-RPC over its Streamable HTTP endpoint (stateless: no session needed). */
export async function mcpCall(daemon: Daemon, name: string, args: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(`${daemon.url}/api/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${daemon.token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  const body = (await res.json()) as {
    result?: { isError?: boolean; content: Array<{ text: string }> };
    error?: unknown;
  };
  const text = body.result?.content[0]?.text ?? '';
  if (res.status !== 200 || !body.result || body.result.isError)
    throw new Error(`${name} answered ${res.status}: ${JSON.stringify(body)}`);
  return JSON.parse(text);
}
