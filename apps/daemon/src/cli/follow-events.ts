import { createParser } from 'eventsource-parser';
import { CliError, type Client } from './client';

/** Follows `/api/events`, reconnecting with Last-Event-ID; calls `on` for each event until the process ends. */
export async function followEvents(
  client: Client,
  on: (type: string, data: unknown) => void,
): Promise<never> {
  let lastId: string | undefined;
  for (;;) {
    try {
      const res = await fetch(`${client.baseUrl}/api/events`, {
        headers: { authorization: client.authHeader, ...(lastId ? { 'last-event-id': lastId } : {}) },
      });
      if (res.status === 401) throw new CliError('the daemon refused the token');
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const parser = createParser({
        onEvent: (ev) => {
          if (ev.id) lastId = ev.id;
          on(ev.event ?? 'message', JSON.parse(ev.data));
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch (err) {
      if (err instanceof CliError) throw err;
    }
    await new Promise((r) => setTimeout(r, 1000)); // the daemon restarted or the connection dropped: reconnect
  }
}
