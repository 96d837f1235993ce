import { z } from 'zod';
import { defineTool, type ToolContext } from '../tool';

function ownSession(ctx: ToolContext): string {
  if (ctx.scope.kind !== 'worker') throw new Error('only a worker token has a session of its own');
  ctx.sessions.get(ctx.scope.sessionId);
  return ctx.scope.sessionId;
}

export const askOrchestrator = defineTool({
  name: 'ask_orchestrator',
  title: 'Ask the orchestrator',
  description:
    'Asks the orchestrator (who oversees every agent) a question you cannot answer from your task, the code or the ' +
    'repository: scope, conflicts with other work, a decision. The answer arrives later as a message; keep working ' +
    'on what does not depend on it.',
  audience: 'worker',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: {
    question: z.string().trim().min(1).max(4000).describe('the question, with what you need to go on'),
  },
  run(ctx, args) {
    const r = ctx.records.report(ownSession(ctx), 'ask', args.question);
    return { id: r.id, recorded: r.createdAt };
  },
});

export const reportBlocked = defineTool({
  name: 'report_blocked',
  title: 'Report being blocked',
  description:
    'Reports that you cannot go on (missing access, a broken environment, a contradiction in the task), with what ' +
    'would unblock you. The orchestrator or the human is told.',
  audience: 'worker',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: {
    reason: z.string().trim().min(1).max(4000).describe('what blocks you and what would unblock you'),
  },
  run(ctx, args) {
    const r = ctx.records.report(ownSession(ctx), 'blocked', args.reason);
    return { id: r.id, recorded: r.createdAt };
  },
});
