/** A Server-Sent Events client over fetch (enough for ao's /api/events), with the time each message arrived. */

export interface SseMessage {
  id: string | undefined;
  event: string;
  /** The data lines joined and parsed as JSON. */
  data: unknown;
  /** performance.now() when the message was parsed. */
  receivedAt: number;
}

export interface SseStream {
  /** Every message so far, in order. */
  messages: SseMessage[];
  close(): void;
  /** Settles when the stream ends (resolves on close(), rejects on an HTTP error or a broken connection). */
  done: Promise<void>;
}

/** Opens `url` as an event stream; collects its messages and calls `onMessage` for each as it arrives. */
export function openSse(
  url: string,
  headers: Record<string, string>,
  onMessage?: (message: SseMessage) => void,
): SseStream {
  const messages: SseMessage[] = [];
  const controller = new AbortController();
  const dispatch = (block: string) => {
    const message = parseBlock(block);
    if (!message) return;
    messages.push(message);
    onMessage?.(message);
  };
  const done = (async () => {
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    let buffer = '';
    for (;;) {
      const { done: ended, value: chunk } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch((err: Error) => {
    if (err.name !== 'AbortError') throw err;
  });
  return { messages, close: () => controller.abort(), done };
}

function parseBlock(block: string): SseMessage | null {
  const receivedAt = performance.now();
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  return { id, event, data: JSON.parse(data.join('\n')), receivedAt };
}
