import type { AgentLaunchContext } from '@ao/shared/plugin';
import type { McpTokens } from '../mcp/mcp-tokens';
import type { SessionRow } from '../sessions/session-row';
import type { OrchestratorSpec } from './orchestrator-keys';
import { rolePrompt } from './role-prompt';

/**
 * What a session's launch gets: a fresh scoped MCP token (the old ones revoked) and, for an orchestrator, its role.
 * Workers get the ask/report tools only when an orchestrator is there to answer (`specFor` their project).
 */
export function launchExtras(
  row: SessionRow,
  baseUrl: string,
  deps: {
    tokens: McpTokens;
    specs(): OrchestratorSpec[];
    specFor(projectId: string): OrchestratorSpec | undefined;
  },
): Pick<AgentLaunchContext, 'systemPrompt' | 'mcp'> {
  const url = `${baseUrl}/api/mcp`;
  if (row.kind === 'orchestrator') {
    const spec = deps.specs().find((s) => s.host === row.projectId);
    deps.tokens.revokeSession(row.id);
    const { token } = deps.tokens.mint({ kind: 'orchestrator' }, row.id);
    return { systemPrompt: rolePrompt(spec?.projects ?? [row.projectId]), mcp: { url, token } };
  }
  if (!deps.specFor(row.projectId)) return {};
  deps.tokens.revokeSession(row.id);
  const { token } = deps.tokens.mint({ kind: 'worker', sessionId: row.id });
  return { mcp: { url, token } };
}
