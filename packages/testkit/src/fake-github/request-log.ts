import type { IncomingMessage } from 'node:http';

/** What the fake GitHub keeps of each request it received, and counts of them by endpoint. */

/** One request the fake received. `path` has no query string; header names are lower-case. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  status: number;
  body: unknown;
  /** performance.now() when the request arrived. */
  at: number;
}

/** A request path with its variable parts named: `/repos/{owner}/{repo}/pulls/{n}`, `.../commits/{sha}/status`. */
export function endpointOf(path: string): string {
  return path
    .replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{owner}/{repo}')
    .replace(/^\/_blobs\/logs\/[^/]+\/[^/]+/, '/_blobs/logs/{owner}/{repo}')
    .replace(/\/[0-9a-f]{40}(?=\/|$)/g, '/{sha}')
    .replace(/\/\d+(?=\/|$)/g, '/{n}');
}

/** The record of a request as it arrives (status 0 and no body until it is answered). */
export function recordOf(req: IncomingMessage): RecordedRequest {
  const u = new URL(req.url ?? '/', 'http://x');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : (v ?? '');
  return {
    at: performance.now(),
    method: req.method ?? 'GET',
    path: u.pathname,
    query: Object.fromEntries(u.searchParams),
    headers,
    status: 0,
    body: null,
  };
}

/** `{"<method> <endpoint> <status>": count}` over the given requests. */
export function countRequests(requests: RecordedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const key = `${r.method} ${endpointOf(r.path)} ${r.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
