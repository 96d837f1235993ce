import { createSessionBodySchema, killBodySchema, sendBodySchema } from '@ao/shared/api';
import { badRequest } from '@ao/shared/errors';
import { sessionIdSchema } from '@ao/shared/ids';
import { rowOf } from '../session-view';
import { defineTool } from '../tool';

const id = sessionIdSchema.describe('session id, e.g. "myrepo-3"');

export const sendMessage = defineTool({
  name: 'send_message',
  title: 'Send a message to an agent',
  description:
    "Types a message into a session's agent, as a user would. Answers how far it got: delivered (a turn started with " +
    'it), queued (the agent is busy and takes it with its next turn) or sent (this agent cannot confirm).',
  audience: 'fleet',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: { id, message: sendBodySchema.shape.message.describe('the text for the agent') },
  async run(ctx, args) {
    return { id: args.id, delivery: await ctx.sessions.send(args.id, args.message) };
  },
});

export const spawnSession = defineTool({
  name: 'spawn_session',
  title: 'Start a session',
  description:
    'Starts a new agent session on an issue of the tracker (issue: 42 or "ENG-42") or on a prompt, in its own ' +
    "branch and worktree. project defaults to the only project. Answers the new session's row.",
  audience: 'fleet',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: {
    project: createSessionBodySchema.shape.project.describe('project id'),
    issue: createSessionBodySchema.shape.issue.describe('issue number or tracker key'),
    prompt: createSessionBodySchema.shape.prompt.describe('the task, when there is no issue'),
    agent: createSessionBodySchema.shape.agent.describe("agent plugin (default: the project's)"),
  },
  async run(ctx, args) {
    if (args.issue === undefined && args.prompt === undefined)
      throw badRequest('give issue or prompt', 'issue');
    return rowOf(ctx, await ctx.sessions.spawn(args));
  },
});

export const killSession = defineTool({
  name: 'kill_session',
  title: 'Stop a session',
  description:
    "Stops a session's agent and moves it to Done. removeWorktree also deletes its worktree (refused when it holds " +
    'uncommitted or unpushed work unless force). A killed session can be restored with restore_session.',
  audience: 'fleet',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: { id, ...killBodySchema.shape },
  async run(ctx, args) {
    const { id: sessionId, ...opts } = args;
    return rowOf(ctx, await ctx.sessions.kill(sessionId, opts));
  },
});

export const restoreSession = defineTool({
  name: 'restore_session',
  title: 'Restore a session',
  description:
    'Brings an exited, lost or killed session back: its agent starts again in the same worktree, resuming its ' +
    'conversation where the agent can.',
  audience: 'fleet',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: { id },
  async run(ctx, args) {
    return rowOf(ctx, await ctx.sessions.restore(args.id));
  },
});
