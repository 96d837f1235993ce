import type { Delivery } from '@ao/shared/api';
import { AoError, conflict } from '@ao/shared/errors';
import type { Message } from '@ao/shared/session';
import type { SessionContext } from './context';
import { canConfirm, pluginsOf } from './session-plugins';
import { handleOf } from './session-row';

/**
 * How long to wait for the agent's confirmation after each submit: a lost Enter is pressed again after the first
 * wait (a TUI busy drawing drops it); pressing Enter on an empty prompt is harmless in every agent ao drives.
 */
export const CONFIRM_WAITS_MS = [1_500, 4_000, 8_000];

/**
 * Types a message into the session's agent and submits it (DESIGN.md §6). With an agent that reports its turns
 * (hooks, transcript), the reply is `delivered` once a turn starts with the message, `queued` when the agent took it
 * into its queue while busy (delivered later, an event), and 502 `delivery_failed` when it confirmed nothing after
 * every resubmit. Agents without such signals get `sent`, never `delivered`. Deliveries to a session are serialized.
 */
export function deliverMessage(
  ctx: SessionContext,
  sessionId: string,
  text: string,
  opts: DeliverOptions = {},
): Promise<Delivery> {
  return ctx.messages.serialize(sessionId, () => deliver(ctx, sessionId, text, opts));
}

export interface DeliverOptions {
  kind?: Message['kind'];
  /** A message row recorded earlier (a first prompt typed after start), instead of a new one. */
  messageId?: number;
}

async function deliver(ctx: SessionContext, sessionId: string, text: string, opts: DeliverOptions) {
  const kind = opts.kind ?? 'message';
  const row = ctx.store.row(sessionId);
  const handle = handleOf(row);
  if (row.status !== 'running' || !handle) {
    const why = `session ${sessionId} is ${row.status.replace('_', ' ')}: restore it before sending`;
    // A first prompt due to be typed is recorded as failed, never silently lost.
    if (opts.messageId !== undefined) ctx.messages.set(opts.messageId, 'failed', why);
    else if (kind === 'prompt') ctx.messages.create(sessionId, kind, text, 'failed', why);
    throw conflict(why);
  }
  const { agent, runtime } = pluginsOf(ctx, row);
  const type = async () => {
    if (agent.typeMessage) await agent.typeMessage(runtime, handle, text);
    else {
      await runtime.sendText(handle, text);
      await runtime.sendKeys(handle, ['Enter']);
    }
  };
  // Recorded before it is typed: the agent may act on it at once, and a crash mid-way leaves it on record.
  const message =
    (opts.messageId !== undefined ? ctx.messages.get(opts.messageId) : null) ??
    ctx.messages.create(sessionId, kind, text, 'sending', 'typed; waiting for the agent to take it');
  try {
    await type();
  } catch (err) {
    ctx.messages.set(message.id, 'failed', `could not type it: ${(err as Error).message}`);
    throw err;
  }
  if (!canConfirm(agent)) {
    const detail = `typed and submitted; ${row.agent} gives no delivery signal, so it is not confirmed`;
    ctx.messages.set(message.id, 'sent', detail);
    return { id: message.id, state: 'sent' as const, detail };
  }
  for (const [i, waitMs] of CONFIRM_WAITS_MS.entries()) {
    const reached = await ctx.messages.wait(message.id, waitMs);
    if (reached) {
      const detail =
        reached === 'queued' ? 'queued: the agent is busy and takes it with its next turn' : confirmed(i);
      return { id: message.id, state: reached, detail };
    }
    if (i < CONFIRM_WAITS_MS.length - 1) {
      ctx.logger.warn({ sessionId, attempt: i + 1 }, 'message not confirmed; pressing Enter again');
      await runtime.sendKeys(handle, ['Enter']);
    }
  }
  const detail = `the agent did not take the message after ${CONFIRM_WAITS_MS.length} submits`;
  ctx.messages.set(message.id, 'failed', detail);
  throw new AoError('delivery_failed', detail);
}

const confirmed = (resubmits: number) =>
  resubmits === 0 ? 'confirmed by the agent' : `confirmed after ${resubmits} resubmit(s)`;
