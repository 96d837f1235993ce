import { sessionIdSchema } from '@ao/shared/ids';
import { z } from 'zod';
import { rerunPrChecks } from '../../escalations/carry-out-action';
import { rowOf } from '../session-view';
import { defineTool } from '../tool';

const id = sessionIdSchema.describe('session id, e.g. "myrepo-3"');

export const mergePr = defineTool({
  name: 'merge_pr',
  title: "Merge a session's PR",
  description:
    "Merges the session's pull request (method: the project's merge.method by default); the session goes to Done. " +
    'GitHub refuses when checks or reviews block it: the reason is returned.',
  audience: 'fleet',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  input: { id, method: z.enum(['squash', 'merge', 'rebase']).optional().describe('merge method') },
  async run(ctx, args) {
    return rowOf(ctx, await ctx.sessions.merge(args.id, args.method));
  },
});

export const rerunFailedChecks = defineTool({
  name: 'rerun_failed_checks',
  title: 'Re-run failed checks',
  description:
    "Re-runs the failed CI checks on the head of the session's PR (GitHub Actions: the failed jobs of their " +
    'workflow runs). Use it for a failure that looks flaky, before waking the agent. Answers which checks were ' +
    're-run and which could not be, with why.',
  audience: 'fleet',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: { id },
  async run(ctx, args) {
    const { sessionId, pr, ...result } = await rerunPrChecks(ctx, args.id);
    return { id: sessionId, pr, ...result, session: rowOf(ctx, ctx.sessions.get(sessionId)) };
  },
});
