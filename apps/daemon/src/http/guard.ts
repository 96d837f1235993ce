import { AoError } from '@ao/shared/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from './token';

export const COOKIE = 'ao_token';
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1'];
/** Routes that carry their own proof (signature, per-session secret, scoped MCP token) or none (health, login, the
 *  static dashboard). */
const PUBLIC = [
  /^\/api\/health$/,
  /^\/api\/auth\/login$/,
  /^\/api\/webhooks\//,
  /^\/api\/hooks\//,
  /^\/api\/mcp$/,
];
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface GuardOptions {
  token: string;
  host: string;
  port: number;
  allowedHosts: string[];
  allowedOrigins: string[];
}

/** Host, Origin and token checks for every request (DESIGN.md §4). */
export function makeGuard(opts: GuardOptions) {
  const hosts = new Set([...LOOPBACK, opts.host, ...opts.allowedHosts].map((h) => h.toLowerCase()));
  const origins = new Set(opts.allowedOrigins.map((o) => o.toLowerCase()));
  for (const h of hosts) {
    const name = h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
    origins.add(`http://${name}:${opts.port}`);
    origins.add(`https://${name}:${opts.port}`);
  }

  const hostAllowed = (header: string | undefined) => {
    if (!header) return false;
    const name = header.toLowerCase().replace(/:\d+$/, '');
    return hosts.has(name);
  };

  return async function guard(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    if (!hostAllowed(req.headers.host)) {
      throw new AoError('forbidden', `host "${req.headers.host ?? ''}" is not allowed (see --allowed-host)`);
    }
    const path = req.url.split('?')[0] ?? '';
    const isApi = path.startsWith('/api/');
    const upgrade = req.headers.upgrade?.toLowerCase() === 'websocket';
    const origin = req.headers.origin;
    if ((STATE_CHANGING.has(req.method) || upgrade) && origin !== undefined) {
      if (!origins.has(origin.toLowerCase()))
        throw new AoError('forbidden', `origin ${origin} is not allowed`);
    }
    if (!isApi || PUBLIC.some((re) => re.test(path))) return;
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && safeEqual(bearer, opts.token)) return;
    const cookie = req.cookies?.[COOKIE];
    if (cookie && safeEqual(cookie, opts.token)) {
      // A browser always sends Origin on these; its absence means something is off.
      if ((STATE_CHANGING.has(req.method) || upgrade) && origin === undefined) {
        throw new AoError('forbidden', 'state-changing requests from a browser must carry Origin');
      }
      return;
    }
    throw new AoError('unauthorized', 'missing or wrong access token (open the login URL `ao up` printed)');
  };
}
