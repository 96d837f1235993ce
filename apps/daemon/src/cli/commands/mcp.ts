import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CliError, type Client } from '../client';

/**
 * `ao mcp`: ao's MCP server on stdio, for agents that only speak stdio. Every message is forwarded to the daemon's
 * `/api/mcp` with the token of `AO_MCP_TOKEN` (a scoped token) or else this machine's admin token; answers come back
 * on stdout. A request the daemon cannot be asked is answered with a JSON-RPC error, never dropped.
 */
export async function mcpBridge(client: Client, env: NodeJS.ProcessEnv): Promise<void> {
  const token = env.AO_MCP_TOKEN?.trim() || client.authHeader.replace(/^Bearer /, '');
  const http = new StreamableHTTPClientTransport(new URL(`${client.baseUrl}/api/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const stdio = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    stdio.onclose = resolve;
  });
  http.onmessage = (msg) => void stdio.send(msg);
  http.onerror = (err) => process.stderr.write(`ao mcp: ${err.message}\n`);
  stdio.onmessage = (msg: JSONRPCMessage) => {
    http.send(msg).catch((err: Error) => {
      if (!('id' in msg) || !('method' in msg)) return process.stderr.write(`ao mcp: ${err.message}\n`);
      void stdio.send({ jsonrpc: '2.0', id: msg.id, error: { code: -32000, message: `ao: ${err.message}` } });
    });
  };
  await http.start();
  await stdio.start();
  process.stdin.on('end', () => void stdio.close());
  await closed;
  await http.close();
}

/** `ao mcp token`: mints a scoped MCP token (shown once). */
export async function mcpToken(
  client: Client,
  opts: { orchestrator?: boolean; session?: string },
): Promise<void> {
  if (Boolean(opts.orchestrator) === Boolean(opts.session))
    throw new CliError('give exactly one of --orchestrator or --session <id>');
  const body = opts.session ? { scope: 'worker', sessionId: opts.session } : { scope: 'orchestrator' };
  const minted = await client.post<{ id: string; token: string; scope: string }>('/api/mcp/tokens', body);
  console.log(minted.token);
  console.error(
    `ao: MCP token ${minted.id} for ${minted.scope} (shown once; revoke: ao mcp revoke ${minted.id})`,
  );
}

export async function mcpRevoke(client: Client, id: string): Promise<void> {
  await client.request('DELETE', `/api/mcp/tokens/${encodeURIComponent(id)}`);
  console.log(`revoked MCP token ${id}`);
}
