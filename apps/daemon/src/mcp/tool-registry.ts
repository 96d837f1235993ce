import { allows, type McpScope } from './scopes';
import type { McpTool } from './tool';
import { correctDrift } from './tools/correct-drift';
import { escalate, listIssues, publishBriefing } from './tools/fleet-records';
import { getDiff } from './tools/get-diff';
import { getSession } from './tools/get-session';
import { answerHuman, getQuestion } from './tools/human-questions';
import { listSessions } from './tools/list-sessions';
import { mergePr, rerunFailedChecks } from './tools/pr-actions';
import { recordReflection } from './tools/record-reflection';
import { killSession, restoreSession, sendMessage, spawnSession } from './tools/session-actions';
import { askOrchestrator, reportBlocked } from './tools/worker-reports';

/** Every tool of ao's MCP server, in the order tools/list shows them. */
export const mcpTools: readonly McpTool[] = [
  listSessions,
  getSession,
  getDiff,
  sendMessage,
  spawnSession,
  killSession,
  restoreSession,
  mergePr,
  rerunFailedChecks,
  listIssues,
  escalate,
  getQuestion,
  answerHuman,
  recordReflection,
  correctDrift,
  publishBriefing,
  askOrchestrator,
  reportBlocked,
];

/** The tools a scope may see and call. */
export function toolsFor(scope: McpScope): McpTool[] {
  return mcpTools.filter((t) => allows(scope, t.audience));
}
