/**
 * A `fetch` for Octokit that makes every GET conditional: it remembers the ETag and body of each JSON answer by URL
 * (and token), sends `If-None-Match` next time, and turns a 304 (free against GitHub's rate limit) back into the
 * remembered 200. It counts requests and 304s.
 */

export interface EtagFetchStats {
  requests: number;
  notModified: number;
}

interface CachedAnswer {
  etag: string;
  body: string;
  headers: [string, string][];
}

export interface EtagFetch {
  fetch: typeof globalThis.fetch;
  stats(): EtagFetchStats;
}

/** Answers bigger than this are not remembered (job logs, huge lists). */
const MAX_CACHED_BODY = 512 * 1024;

function headerOf(init: RequestInit | undefined, name: string): string | undefined {
  const h = new Headers(init?.headers);
  return h.get(name) ?? undefined;
}

export function createEtagFetch(
  opts: { maxEntries?: number; fetch?: typeof globalThis.fetch } = {},
): EtagFetch {
  const base = opts.fetch ?? globalThis.fetch;
  const maxEntries = opts.maxEntries ?? 1000;
  const cache = new Map<string, CachedAnswer>();
  const stats: EtagFetchStats = { requests: 0, notModified: 0 };

  const remember = (key: string, answer: CachedAnswer) => {
    cache.delete(key);
    cache.set(key, answer);
    if (cache.size > maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  };

  const etagFetch: typeof globalThis.fetch = async (input, init) => {
    stats.requests += 1;
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (method !== 'GET') return base(input, init);
    // The cache is per token, so two identities never share answers.
    const key = `${headerOf(init, 'authorization') ?? ''} ${url}`;
    const cached = cache.get(key);
    const headers = new Headers(init?.headers);
    if (cached && !headers.has('if-none-match')) headers.set('if-none-match', cached.etag);
    const res = await base(input, { ...init, headers });
    if (res.status === 304 && cached) {
      stats.notModified += 1;
      remember(key, cached);
      return new Response(cached.body, { status: 200, headers: cached.headers });
    }
    const etag = res.headers.get('etag');
    const type = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !etag || !type.includes('json')) return res;
    const body = await res.text();
    // The body is already decoded: drop headers that describe the wire form.
    const kept = [...res.headers.entries()].filter(
      ([k]) => k !== 'content-encoding' && k !== 'content-length',
    );
    const answer: CachedAnswer = { etag, body, headers: kept };
    if (body.length <= MAX_CACHED_BODY) remember(key, answer);
    else cache.delete(key);
    return new Response(body, { status: 200, headers: answer.headers });
  };

  return { fetch: etagFetch, stats: () => ({ ...stats }) };
}
