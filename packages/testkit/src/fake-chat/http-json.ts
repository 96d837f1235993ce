import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request body as an object: JSON, or form-urlencoded with JSON-looking values (Slack's `blocks`) parsed. */
export async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake');
  const out: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (!text) return out;
  if ((req.headers['content-type'] ?? '').includes('application/json'))
    return { ...out, ...JSON.parse(text) };
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

const safeJson = (v: string): unknown => {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
