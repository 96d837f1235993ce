import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the caller's Host: never passed on. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

const EGRESS_PATH = /^\/egress\/([a-z0-9][a-z0-9-]*)(\/[^?#]*)?(\?.*)?$/;

/** `/egress/<name>/<rest>?<query>` → the name and the upstream URL (its path + rest + query), or null. */
export function egressTarget(
  url: string,
  routes: ReadonlyMap<string, string>,
): { name: string; target: URL } | null {
  const m = EGRESS_PATH.exec(url);
  const upstream = m?.[1] === undefined ? undefined : routes.get(m[1]);
  if (!m?.[1] || upstream === undefined) return null;
  const target = new URL(upstream);
  const rest = m[2] ?? '';
  // No way above the upstream's own path ('..', also percent-encoded, which URLs resolve the same way).
  if (rest.split('/').some((seg) => ['.', '..'].includes(seg.replace(/%2e/gi, '.')))) return null;
  target.pathname = `${target.pathname.replace(/\/+$/, '')}${rest}`;
  target.search = m[3] ?? '';
  return { name: m[1], target };
}

/** Streams the request to `target` and its answer back (SSE included); 502 when the upstream cannot be reached. */
export function proxyTo(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const out = send(target, { method: req.method, headers }, (up) => {
    const back: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP.has(k)) back[k] = v;
    res.writeHead(up.statusCode ?? 502, back);
    up.pipe(res);
  });
  out.on('error', (err) => {
    if (res.headersSent) {
      res.destroy(err);
      return;
    }
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'bad_gateway', message: `egress to ${target.host}: ${err.message}` } }),
    );
  });
  // The caller went away before the answer was through (e.g. a cancelled model stream): so does the upstream call.
  res.on('close', () => {
    if (!res.writableFinished) out.destroy();
  });
  req.pipe(out);
}
