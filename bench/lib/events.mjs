// Reads the daemon's event log through GET /api/events (SSE replay after Last-Event-ID).
import { openSse } from './sse.mjs';

/**
 * Collects the events after `lastEventId` (each `{id, type, at, data}`) until `until(events)` is true; throws after
 * `timeoutMs`. A replay arrives at once, so this is quick for events already stored.
 */
export function readEvents(daemon, lastEventId, until, timeoutMs = 30_000) {
  const events = [];
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sse.close();
      if (err) reject(err);
      else resolve(events);
    };
    const sse = openSse(
      `${daemon.url}/api/events`,
      { authorization: `Bearer ${daemon.token}`, 'last-event-id': String(lastEventId) },
      (message) => {
        if (message.event === 'snapshot')
          return finish(new Error('the daemon sent a snapshot, not a replay'));
        events.push(message.data);
        if (until(events)) finish();
      },
    );
    sse.done.then(
      () => finish(new Error(`the event stream ended after ${events.length} events`)),
      (err) => finish(err),
    );
    const timer = setTimeout(
      () => finish(new Error(`timed out after ${timeoutMs} ms reading events (${events.length} read)`)),
      timeoutMs,
    );
  });
}

/** The id of the newest stored event (from the snapshot a fresh subscription starts with). */
export function lastEventId(daemon, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sse.close();
      reject(new Error('no snapshot from /api/events'));
    }, timeoutMs);
    const sse = openSse(
      `${daemon.url}/api/events`,
      { authorization: `Bearer ${daemon.token}` },
      (message) => {
        if (message.event !== 'snapshot') return;
        clearTimeout(timer);
        sse.close();
        resolve(message.data.lastEventId);
      },
    );
    sse.done.catch((err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
