/**
 * Who is calling ao's MCP server. `admin`: ao's own access token (every tool). `orchestrator`: the fleet tools, no
 * secrets, no token minting. `worker`: one session's agent: its own session and the ask/report tools only.
 */
export type McpScope = { kind: 'admin' } | { kind: 'orchestrator' } | { kind: 'worker'; sessionId: string };

/** Which scopes a tool is offered to: `fleet` tools to admin and orchestrator, `worker` tools to workers only,
 *  `shared` tools to all three (a worker's calls limited to its own session). */
export type ToolAudience = 'fleet' | 'worker' | 'shared';

export function allows(scope: McpScope, audience: ToolAudience): boolean {
  if (audience === 'shared') return true;
  if (audience === 'worker') return scope.kind === 'worker';
  return scope.kind !== 'worker';
}

export function scopeLabel(scope: McpScope): string {
  return scope.kind === 'worker' ? `worker:${scope.sessionId}` : scope.kind;
}
