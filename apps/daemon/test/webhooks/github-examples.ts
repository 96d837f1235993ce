import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

/** Real payloads from `@octokit/webhooks-examples`, by event name. */
interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown>>;
}
const require = createRequire(import.meta.url);
const groups = require('@octokit/webhooks-examples') as ExampleGroup[];

/** A deep copy of a real example payload: the first of `event` matching `pick`. */
export function example(
  event: string,
  pick: (p: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown> & { action?: string } {
  const group = groups.find((g) => g.name === event);
  const found = group?.examples.find(pick);
  if (!found) throw new Error(`no example for ${event}`);
  return structuredClone(found);
}

/** Signs like GitHub: HMAC-SHA256 of the raw bytes, computed here with node:crypto (independent of Octokit). */
export function sign(secret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

let seq = 0;
export function signedDelivery(
  secret: string,
  event: string,
  payload: unknown,
  opts: { id?: string; body?: Buffer } = {},
): { rawBody: Buffer; headers: Record<string, string> } {
  const rawBody = opts.body ?? Buffer.from(JSON.stringify(payload));
  seq += 1;
  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': opts.id ?? `72d3162e-cc78-11e3-81ab-4c9367dc${String(seq).padStart(4, '0')}`,
      'x-hub-signature-256': sign(secret, rawBody),
    },
  };
}

type Payload = Record<string, unknown> & { action?: string };

/** A real example re-homed to `owner/name` (the fake GitHub's repository). */
export function forRepo(payload: Payload, fullName: string): Payload {
  const [owner = '', name = ''] = fullName.split('/');
  const repository = payload.repository as Record<string, unknown> & { owner: Record<string, unknown> };
  repository.full_name = fullName;
  repository.name = name;
  repository.owner.login = owner;
  return payload;
}

/** A real `pull_request` example (or any event carrying `pull_request`) pointed at one PR, branch and head. */
export function pullRequestPayload(
  fullName: string,
  pr: { action?: string; number: number; ref: string; sha?: string },
  event = 'pull_request',
  pick: (p: Payload) => boolean = (x) => event !== 'pull_request' || x.action === 'opened',
): Payload {
  const payload = forRepo(example(event, pick), fullName);
  if (pr.action) payload.action = pr.action;
  const body = payload.pull_request as Record<string, unknown> & { head: Record<string, unknown> };
  body.number = pr.number;
  body.head.ref = pr.ref;
  if (pr.sha) body.head.sha = pr.sha;
  return payload;
}
