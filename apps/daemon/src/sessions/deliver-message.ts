import { AoError, conflict } from '@ao/shared/errors';
import type { Services } from '../services';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';

export interface Delivery {
  state: 'delivered' | 'sent';
  detail: string;
}

const ATTEMPTS = 3;
const CONFIRM_MS = 6_000;
const queues = new Map<string, Promise<unknown>>();

/**
 * Types a message into the session's agent and submits it. With an agent that reports user turns (hooks, transcript),
 * the message counts as delivered only when the agent confirms it; otherwise Enter is pressed again, and after
 * ATTEMPTS the delivery fails (DESIGN.md §6). Agents without such a signal get `sent`, never `delivered`.
 * Deliveries to one session are serialized so two messages never interleave.
 */
export function deliverMessage(s: Services, sessionId: string, message: string): Promise<Delivery> {
  const previous = queues.get(sessionId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => deliver(s, sessionId, message));
  queues.set(sessionId, next);
  const forget = () => {
    if (queues.get(sessionId) === next) queues.delete(sessionId);
  };
  next.then(forget, forget); // the caller handles the rejection; this only tidies the queue
  return next;
}

async function deliver(s: Services, sessionId: string, message: string): Promise<Delivery> {
  const row = s.store.row(sessionId);
  const handle = handleOf(row);
  if (row.status !== 'running' || !handle) {
    throw conflict(`session ${sessionId} is ${row.status.replace('_', ' ')}: restore it before sending`);
  }
  const { agent, runtime } = pluginsOf(s, row);
  const confirmable = Boolean(agent.onHook || agent.watch);
  const probe = normalize(message).slice(0, 60);
  const matches = (text: string) =>
    normalize(text).includes(probe) || probe.includes(normalize(text).slice(0, 60));
  s.bus.emit('session.message', { sessionId, state: 'sent', message, detail: null });

  let confirmed = confirmable ? s.deliveries.wait(sessionId, CONFIRM_MS, matches) : null;
  if (agent.typeMessage) await agent.typeMessage(runtime, handle, message);
  else {
    await runtime.sendText(handle, message);
    await runtime.sendKeys(handle, ['Enter']);
  }
  if (!confirmed) {
    const detail = `typed and submitted; ${row.agent} gives no delivery signal, so it is not confirmed`;
    return { state: 'sent', detail };
  }
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (await confirmed) {
      const detail = attempt === 1 ? 'confirmed by the agent' : `confirmed after ${attempt - 1} resubmit(s)`;
      s.bus.emit('session.message', { sessionId, state: 'delivered', message, detail });
      return { state: 'delivered', detail };
    }
    if (attempt < ATTEMPTS) {
      s.logger.warn({ sessionId, attempt }, 'message not confirmed; pressing Enter again');
      confirmed = s.deliveries.wait(sessionId, CONFIRM_MS, matches);
      await runtime.sendKeys(handle, ['Enter']);
    }
  }
  const detail = `the agent did not confirm the message after ${ATTEMPTS} attempts`;
  s.bus.emit('session.message', { sessionId, state: 'failed', message, detail });
  throw new AoError('delivery_failed', detail);
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
