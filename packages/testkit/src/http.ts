import { createServer } from 'node:net';

export interface ApiReply<T = unknown> {
  status: number;
  body: T;
}

export interface ApiOptions {
  /** With a client made with `throwOnError`, return a non-2xx answer instead of throwing. */
  allowError?: boolean;
}

/** A JSON call to the daemon's API with its bearer token. */
export type ApiFn = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  opts?: ApiOptions,
) => Promise<ApiReply<T>>;

/**
 * A client of the daemon's HTTP API: JSON in, `{status, body}` out (body parsed when JSON, else text). With
 * `throwOnError` it throws on a non-2xx answer unless the call says `allowError`.
 */
export function apiClient(url: string, token: () => string, opts: { throwOnError?: boolean } = {}): ApiFn {
  return async <T>(method: string, path: string, body?: unknown, call: ApiOptions = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain text (or empty) body: kept as text
    }
    if (!res.ok && opts.throwOnError && !call.allowError)
      throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return { status: res.status, body: parsed as T };
  };
}

/** A free TCP port on loopback (so a restarted daemon keeps its URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
