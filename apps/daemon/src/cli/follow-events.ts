import { createParser } from 'eventsource-parser';
import { CliError, type Client } from './client';

/**
 * Follows `/api/events`, reconnecting with Last-Event-ID; calls `on` for each event until it returns 'stop' or
 * `signal` aborts (or, if neither, until the process ends).
 */
export async function followEvents(
  client: Client,
  on: (type: string, data: unknown) => 'stop' | undefined | Promise<'stop' | undefined>,
  signal?: AbortSignal,
): Promise<void> {
  let lastId: string | undefined;
  while (!signal?.aborted) {
    try {
      const res = await fetch(`${client.baseUrl}/api/events`, {
        headers: { authorization: client.authHeader, ...(lastId ? { 'last-event-id': lastId } : {}) },
        ...(signal ? { signal } : {}),
      });
      if (res.status === 401) throw new CliError('the daemon refused the token');
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const events: Array<[string, unknown]> = [];
      const parser = createParser({
        onEvent: (ev) => {
          if (ev.id) lastId = ev.id;
          events.push([ev.event ?? 'message', JSON.parse(ev.data)]);
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
        for (const [type, data] of events.splice(0)) {
          if ((await on(type, data)) === 'stop') {
            await res.body.cancel().catch(() => undefined); // done listening
            return;
          }
        }
      }
    } catch (err) {
      if (err instanceof CliError) throw err;
      if (signal?.aborted) return;
    }
    await new Promise((r) => setTimeout(r, 1000)); // the daemon restarted or the connection dropped: reconnect
  }
}
