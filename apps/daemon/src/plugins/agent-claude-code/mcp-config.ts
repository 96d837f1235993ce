import { join } from 'node:path';
import type { AgentLaunchContext } from '@ao/shared/plugin';
import { writeFileAtomic } from '../agent-shared/atomic-write';

/**
 * ao's MCP server for Claude Code: a `--mcp-config` file (0600, in the session dir, never the worktree) naming the
 * server `ao` over Streamable HTTP with the session's bearer token in a header (never in argv). Returns the argv to add.
 * The tools are allowed in the settings (`permissions.allow: ["mcp__ao"]`), so no permission mode stops on them.
 */
export async function writeMcpConfig(ctx: AgentLaunchContext): Promise<string[]> {
  if (!ctx.mcp) return [];
  const file = join(ctx.sessionDir, 'claude-mcp.json');
  const server = { type: 'http', url: ctx.mcp.url, headers: { Authorization: `Bearer ${ctx.mcp.token}` } };
  await writeFileAtomic(file, `${JSON.stringify({ mcpServers: { ao: server } }, null, 2)}\n`, 0o600);
  return ['--mcp-config', file];
}

/** The settings entry that lets Claude call ao's tools without a permission prompt. */
export const MCP_ALLOW = 'mcp__ao';
