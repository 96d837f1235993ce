import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface WebhookDelivery {
  /** `X-GitHub-Delivery`: unique per delivery (a redelivery from GitHub's UI keeps its id). */
  id: string;
  /** `X-GitHub-Event`, e.g. `pull_request`. */
  event: string;
  /** `payload.action` when there is one (`opened`, `completed`, ...). */
  action: string | null;
  payload: Record<string, unknown>;
}

export type WebhookRejection = {
  ok: false;
  status: 400 | 401 | 413;
  code: 'payload_too_large' | 'missing_signature' | 'bad_signature' | 'bad_request' | 'malformed_json';
  message: string;
};

export type VerifyResult = { ok: true; delivery: WebhookDelivery } | WebhookRejection;

export interface VerifyInput {
  rawBody: Buffer;
  headers: WebhookHeaders;
  secret: string;
  /** Largest body accepted (GitHub caps payloads at 25 MB). */
  maxBytes: number;
}

const SIGNATURE_RE = /^sha256=[0-9a-f]{64}$/;
const DELIVERY_ID_RE = /^[A-Za-z0-9-]{1,100}$/;
const EVENT_RE = /^[a-z_]{1,64}$/;

function header(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** `sha256=<hex>` of the raw body, compared in constant time. */
function signatureMatches(secret: string, rawBody: Buffer, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks a GitHub delivery before anything is parsed or stored: size, then the HMAC signature of the raw bytes
 * (`x-hub-signature-256`, HMAC-SHA256 compared in constant time), then the headers, then the JSON.
 */
export async function verifyAndParse({
  rawBody,
  headers,
  secret,
  maxBytes,
}: VerifyInput): Promise<VerifyResult> {
  if (!secret) throw new Error('verifyAndParse: a webhook secret is required');
  if (rawBody.length > maxBytes) {
    return { ok: false, status: 413, code: 'payload_too_large', message: `body over ${maxBytes} bytes` };
  }
  const signature = header(headers, 'x-hub-signature-256');
  if (!signature) {
    return { ok: false, status: 401, code: 'missing_signature', message: 'x-hub-signature-256 is required' };
  }
  if (!SIGNATURE_RE.test(signature)) {
    return { ok: false, status: 401, code: 'bad_signature', message: 'signature does not match' };
  }
  if (!signatureMatches(secret, rawBody, signature))
    return { ok: false, status: 401, code: 'bad_signature', message: 'signature does not match' };

  const id = header(headers, 'x-github-delivery');
  const event = header(headers, 'x-github-event');
  if (!id || !DELIVERY_ID_RE.test(id)) {
    return {
      ok: false,
      status: 400,
      code: 'bad_request',
      message: 'x-github-delivery is missing or invalid',
    };
  }
  if (!event || !EVENT_RE.test(event)) {
    return { ok: false, status: 400, code: 'bad_request', message: 'x-github-event is missing or invalid' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    return {
      ok: false,
      status: 400,
      code: 'malformed_json',
      message: `body is not JSON: ${(err as Error).message}`,
    };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, status: 400, code: 'malformed_json', message: 'body is not a JSON object' };
  }
  const record = payload as Record<string, unknown>;
  const action = typeof record.action === 'string' ? record.action : null;
  return { ok: true, delivery: { id, event, action, payload: record } };
}
