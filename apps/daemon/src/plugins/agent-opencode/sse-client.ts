import type { Logger } from '@ao/shared/plugin';

export interface SseClientOptions {
  /** Resolves the URL and headers for each (re)connection; null means "not available yet, retry later". */
  target: () => Promise<{ url: string; headers: Record<string, string> } | null>;
  /** Each event's `data` (lines joined with '\n'). */
  onData: (data: string) => void;
  onOpen?: () => void;
  logger: Logger;
  /** Delay before reconnecting (ms); doubles up to `maxRetryMs` while connections fail. Default 1000. */
  retryMs?: number;
  maxRetryMs?: number;
}

export interface SseClient {
  close(): void;
}

/** Splits an SSE byte stream into events' data fields. Comments, `event:`, `id:` and `retry:` lines are ignored. */
export function createSseParser(onData: (data: string) => void): (chunk: string) => void {
  let buf = '';
  let data: string[] = [];
  return (chunk) => {
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (data.length) onData(data.join('\n'));
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
    }
  };
}

/** Follows an SSE endpoint with fetch, reconnecting (with backoff) until closed. */
export function connectSse(opts: SseClientOptions): SseClient {
  const base = opts.retryMs ?? 1000;
  const max = opts.maxRetryMs ?? 5000;
  let delay = base;
  let closed = false;
  let ctrl: AbortController | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastError: string | null = null;

  const once = async (): Promise<void> => {
    const target = await opts.target();
    if (!target || closed) return;
    ctrl = new AbortController();
    const res = await fetch(target.url, {
      headers: { accept: 'text/event-stream', ...target.headers },
      signal: ctrl.signal,
    });
    if (!res.ok || !res.body) throw new Error(`GET ${target.url}: HTTP ${res.status}`);
    delay = base;
    lastError = null;
    opts.onOpen?.();
    const parse = createSseParser(opts.onData);
    const decoder = new TextDecoder();
    for await (const chunk of res.body) parse(decoder.decode(chunk as Uint8Array, { stream: true }));
  };

  const loop = (): void => {
    if (closed) return;
    once()
      .catch((err: unknown) => {
        if (closed) return;
        const key = String(err);
        // Refused connections are expected while the agent starts or after it exits: log each new kind once.
        if (key !== lastError) opts.logger.debug({ err }, 'opencode event stream unavailable; retrying');
        lastError = key;
        delay = Math.min(max, delay * 2);
      })
      .finally(() => {
        if (closed) return;
        timer = setTimeout(loop, delay);
        timer.unref();
      });
  };
  loop();

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      ctrl?.abort();
    },
  };
}
