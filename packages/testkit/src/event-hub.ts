import { openSse } from './sse';

/** An ao event as /api/events sends it (`data` of each SSE message). */
export interface AoEvent {
  id: number;
  type: string;
  at: string;
  // biome-ignore lint/suspicious/noExplicitAny: events are read loosely by tests and benchmarks
  data: any;
}

export interface HubEvent extends AoEvent {
  receivedAt: number;
}

export interface EventHub {
  /** Events seen per type. */
  counts: Record<string, number>;
  /** Every event (with `keep`). */
  events: HubEvent[];
  /** The first event from now on for which `pred` is true, with when it was parsed (register, then act). */
  next(
    pred: (e: AoEvent) => boolean,
    timeoutMs?: number,
    label?: string,
  ): Promise<{ event: AoEvent; receivedAt: number }>;
  close(): void;
}

/**
 * One live /api/events subscription that many waiters share; resolves once the first message (the snapshot) arrived.
 * `lastEventId` replays what came after it instead of a snapshot.
 */
export async function openEventHub(
  daemon: { url: string; token: string },
  opts: { keep?: boolean; lastEventId?: number } = {},
): Promise<EventHub> {
  type Waiter = {
    pred: (e: AoEvent) => boolean;
    resolve: (v: { event: AoEvent; receivedAt: number }) => void;
    timer?: NodeJS.Timeout;
  };
  const waiters = new Set<Waiter>();
  const counts: Record<string, number> = {};
  const events: HubEvent[] = [];
  let ready!: () => void;
  const first = new Promise<void>((resolve) => (ready = resolve));
  const headers: Record<string, string> = { authorization: `Bearer ${daemon.token}` };
  if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId);
  const sse = openSse(`${daemon.url}/api/events`, headers, (msg) => {
    ready();
    if (msg.event === 'snapshot') return;
    const ev = msg.data as AoEvent;
    counts[ev.type] = (counts[ev.type] ?? 0) + 1;
    if (opts.keep) events.push({ ...ev, receivedAt: msg.receivedAt });
    for (const w of waiters) {
      if (!w.pred(ev)) continue;
      waiters.delete(w);
      clearTimeout(w.timer);
      w.resolve({ event: ev, receivedAt: msg.receivedAt });
    }
  });
  sse.messages.length = 0; // the hub keeps its own record
  let failure: Error | null = null;
  sse.done.then(
    () => (failure = new Error('the event stream ended')),
    (err: Error) => (failure = err),
  );
  if (opts.lastEventId === undefined)
    await Promise.race([
      first,
      sse.done.then(() => {
        throw failure ?? new Error('the event stream ended before its snapshot');
      }),
    ]);
  return {
    counts,
    events,
    next(pred, timeoutMs = 10_000, label = 'an event') {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const w: Waiter = { pred, resolve };
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

/** The id of the newest stored event (from the snapshot a fresh subscription starts with). */
export function lastEventId(daemon: { url: string; token: string }, timeoutMs = 10_000): Promise<number> {
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
        resolve((message.data as { lastEventId: number }).lastEventId);
      },
    );
    sse.done.catch((err: Error) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * The stored events after `afterId` (a replay, so quick for events already stored), until `until(events)` is true;
 * throws after `timeoutMs`.
 */
export function readEvents(
  daemon: { url: string; token: string },
  afterId: number,
  until: (events: AoEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<AoEvent[]> {
  const events: AoEvent[] = [];
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sse.close();
      if (err) reject(err);
      else resolve(events);
    };
    const sse = openSse(
      `${daemon.url}/api/events`,
      { authorization: `Bearer ${daemon.token}`, 'last-event-id': String(afterId) },
      (message) => {
        if (message.event === 'snapshot')
          return finish(new Error('the daemon sent a snapshot, not a replay'));
        events.push(message.data as AoEvent);
        if (until(events)) finish();
      },
    );
    sse.done.then(
      () => finish(new Error(`the event stream ended after ${events.length} events`)),
      (err: Error) => finish(err),
    );
    const timer = setTimeout(
      () => finish(new Error(`timed out after ${timeoutMs} ms reading events (${events.length} read)`)),
      timeoutMs,
    );
  });
}
