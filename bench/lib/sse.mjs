// A minimal Server-Sent Events client over fetch (enough for ao's /api/events).

/**
 * Opens `url` as an event stream; calls `onEvent({id, event, data, receivedAt})` for each message (data parsed as
 * JSON), `receivedAt` being performance.now(). Returns `{ close, done }`.
 */
export function openSse(url, headers, onEvent) {
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`SSE ${url}: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block, onEvent);
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch((err) => {
    if (err.name !== 'AbortError') throw err;
  });
  return { close: () => controller.abort(), done };
}

function dispatch(block, onEvent) {
  const receivedAt = performance.now();
  let id;
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  onEvent({ id, event, data: JSON.parse(data.join('\n')), receivedAt });
}
