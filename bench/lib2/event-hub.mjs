// One live /api/events subscription that many waiters share: each waiter gets the first event matching its predicate
// (with the time the client parsed it, performance.now()). Also keeps counts per type and, optionally, all events.
import { openSse } from '../lib/sse.mjs';

/**
 * Subscribes to `${daemon.url}/api/events` and resolves once the first message (snapshot) arrived.
 * Returns `{ next(pred, timeoutMs, label), counts, events, close() }`; `next` must be called before the event can
 * arrive (register, then act).
 */
export async function openEventHub(daemon, { keep = false } = {}) {
  const waiters = new Set();
  const counts = {};
  const events = [];
  let ready;
  const first = new Promise((resolve) => (ready = resolve));
  const sse = openSse(`${daemon.url}/api/events`, { authorization: `Bearer ${daemon.token}` }, (msg) => {
    ready();
    if (msg.event === 'snapshot') return;
    const ev = msg.data;
    counts[ev.type] = (counts[ev.type] ?? 0) + 1;
    if (keep) events.push({ ...ev, receivedAt: msg.receivedAt });
    for (const w of waiters) {
      if (!w.pred(ev)) continue;
      waiters.delete(w);
      clearTimeout(w.timer);
      w.resolve({ event: ev, receivedAt: msg.receivedAt });
    }
  });
  let failure = null;
  sse.done.then(
    () => (failure = new Error('the event stream ended')),
    (err) => (failure = err),
  );
  await Promise.race([
    first,
    sse.done.then(() => {
      throw failure ?? new Error('the event stream ended before its snapshot');
    }),
  ]);
  return {
    counts,
    events,
    /** The first event after now for which `pred(event)` is true. */
    next(pred, timeoutMs = 10_000, label = 'an event') {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close() {
      for (const w of waiters) clearTimeout(w.timer);
      waiters.clear();
      sse.close();
    },
  };
}
