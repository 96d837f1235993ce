import { createHmac } from 'node:crypto';
import type { DeclaredRoute } from '../../../src/http/route-catalog';
import { encode, queryText } from './schema-arbitrary';

/** How a request proves who it is. */
export type Auth = 'none' | 'wrong' | 'bearer' | 'bearer-junk' | 'cookie' | 'cookie+origin' | 'evil-host';

/** A path parameter: an existing session's id (picked when the request is made), or a given text. */
export type Param = { pick: number } | { text: string; raw: boolean };

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; how: 'valid' | 'near' | 'junk' }
  | { kind: 'raw'; bytes: string; contentType: string | null };

/** A generated request, as data (fast-check prints and shrinks it); made concrete by `concrete` at run time. */
export interface Recipe {
  auth: Auth;
  params: Record<string, Param>;
  query: { kind: 'object'; value: Record<string, unknown> } | { kind: 'raw'; text: string } | null;
  body: Body;
  /** Hook route: which secret. */
  secret?: 'none' | 'wrong' | 'right' | { text: string };
  /** Webhook route: signature, event and delivery id. */
  webhook?: { signature: 'good' | 'bad' | 'none' | 'malformed'; event: string; delivery: string };
}

export interface Concrete {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** What a recipe needs from the daemon when it is made concrete. */
export interface World {
  token: string;
  /** Every session id now (requests pick among them). */
  ids(): string[];
  secretOf(id: string): string | undefined;
  webhookSecret: string;
}

/** Makes a recipe a request against the daemon as it is now. */
export function concrete(route: DeclaredRoute, r: Recipe, w: World): Concrete {
  const ids = w.ids();
  const paramText = (p: Param) => {
    if ('pick' in p) return ids.length ? (ids[p.pick % ids.length] as string) : 'fast-1';
    return p.raw ? p.text : encode(p.text);
  };
  const values = Object.fromEntries(Object.entries(r.params).map(([k, p]) => [k, paramText(p)]));
  let url = route.url.replace(/:(\w+)/g, (_, name: string) => values[name] ?? '');
  if (r.query?.kind === 'raw') url += `?${r.query.text.replace(/#/g, '%23')}`;
  else if (r.query?.kind === 'object') {
    const pairs = Object.entries(r.query.value).map(([k, v]) => `${encode(k)}=${encode(queryText(v))}`);
    if (pairs.length) url += `?${pairs.join('&')}`;
  }

  const headers: Record<string, string> = {};
  switch (r.auth) {
    case 'bearer':
      headers.authorization = `Bearer ${w.token}`;
      break;
    case 'wrong':
      headers.authorization = `Bearer ${'x'.repeat(w.token.length)}`;
      break;
    case 'bearer-junk':
      headers.authorization = `Bearer ${w.token}\u0000`;
      break;
    case 'cookie':
      headers.cookie = `ao_token=${w.token}`;
      break;
    case 'cookie+origin':
      headers.cookie = `ao_token=${w.token}`;
      headers.origin = 'http://127.0.0.1:0';
      break;
    case 'evil-host':
      headers.authorization = `Bearer ${w.token}`;
      headers.host = 'attacker.example';
      break;
    case 'none':
      break;
  }

  let payload: string | undefined;
  if (r.body.kind === 'json') {
    payload = JSON.stringify(r.body.value) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (r.body.kind === 'raw') {
    payload = r.body.bytes;
    if (r.body.contentType) headers['content-type'] = r.body.contentType;
  }

  if (r.secret !== undefined) {
    const target = values.sessionId ?? '';
    const secret =
      r.secret === 'right'
        ? w.secretOf(target)
        : r.secret === 'wrong'
          ? 'f'.repeat(48)
          : typeof r.secret === 'object'
            ? r.secret.text
            : undefined;
    // Header values must be latin-1 text: anything else cannot be sent at all.
    if (secret !== undefined) headers['x-ao-hook-secret'] = latin1(secret);
  }

  if (r.webhook) {
    const raw = payload ?? '';
    const sig = createHmac('sha256', w.webhookSecret).update(raw).digest('hex');
    if (r.webhook.signature === 'good') headers['x-hub-signature-256'] = `sha256=${sig}`;
    if (r.webhook.signature === 'bad') headers['x-hub-signature-256'] = `sha256=${'0'.repeat(64)}`;
    if (r.webhook.signature === 'malformed') headers['x-hub-signature-256'] = sig;
    headers['x-github-event'] = latin1(r.webhook.event);
    headers['x-github-delivery'] = latin1(r.webhook.delivery);
  }
  return { method: route.method, url, headers, payload };
}

/** Header-safe text: characters outside latin-1 and control characters dropped (HTTP cannot carry them). */
const latin1 = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '');
