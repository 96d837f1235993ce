import { createParser } from 'eventsource-parser';

export interface SseMessage {
  id: string | undefined;
  event: string | undefined;
  data: unknown;
}

/** Connects to an SSE endpoint and collects messages until `close()`. */
export function openSse(url: string, headers: Record<string, string>) {
  const messages: SseMessage[] = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(url, { headers, signal: controller.signal });
    if (!res.body) throw new Error(`no body (HTTP ${res.status})`);
    const parser = createParser({
      onEvent: (ev) => messages.push({ id: ev.id, event: ev.event, data: JSON.parse(ev.data) }),
    });
    const decoder = new TextDecoder();
    for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  })().catch((err: Error) => {
    if (err.name !== 'AbortError') throw err;
  });
  return { messages, close: () => controller.abort(), done };
}
