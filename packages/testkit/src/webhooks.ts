import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

/** Signed GitHub webhook deliveries built from real example payloads (`@octokit/webhooks-examples`). */

export type Payload = Record<string, unknown> & { action?: string };

interface ExampleGroup {
  name: string;
  examples: Payload[];
}
const require = createRequire(import.meta.url);
let groups: ExampleGroup[] | null = null;

/** A deep copy of a real example payload: the first of `event` matching `pick`. */
export function example(event: string, pick: (p: Payload) => boolean = () => true): Payload {
  groups ??= require('@octokit/webhooks-examples') as ExampleGroup[];
  const found = groups.find((g) => g.name === event)?.examples.find(pick);
  if (!found) throw new Error(`no @octokit/webhooks-examples payload for ${event}`);
  return structuredClone(found);
}

/** Signs like GitHub: HMAC-SHA256 of the raw bytes, computed with node:crypto (independent of Octokit). */
export function sign(secret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface Delivery {
  id: string;
  /** The exact bytes that were signed. */
  rawBody: Buffer;
  headers: Record<string, string>;
}

/** Body and headers of one signed delivery (a fresh delivery id unless `opts.id`; `opts.body` overrides the bytes). */
export function signedDelivery(
  secret: string,
  event: string,
  payload: unknown,
  opts: { id?: string; body?: Buffer } = {},
): Delivery {
  const rawBody = opts.body ?? Buffer.from(JSON.stringify(payload));
  const id = opts.id ?? randomUUID();
  return {
    id,
    rawBody,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/ao-test',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-hub-signature-256': sign(secret, rawBody),
    },
  };
}

/** POSTs a signed delivery to the daemon's /api/webhooks/github: `{status, body, ms}`. */
export async function deliver(
  url: string,
  delivery: Delivery,
): Promise<{ status: number; body: unknown; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/webhooks/github`, {
    method: 'POST',
    headers: delivery.headers,
    body: new Uint8Array(delivery.rawBody),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body, ms: performance.now() - t0 };
}

/** A real example re-homed to `owner/name` (the fake GitHub's repository). */
export function forRepo(payload: Payload, fullName: string): Payload {
  const [owner = '', name = ''] = fullName.split('/');
  const repository = payload['repository'] as Payload & { owner: Payload };
  repository['full_name'] = fullName;
  repository['name'] = name;
  repository.owner['login'] = owner;
  return payload;
}

export interface PrRef {
  number: number;
  /** The head branch (`ref` is the same). */
  branch?: string;
  ref?: string;
  sha?: string;
  action?: string;
}

function setPr(payload: Payload, pr: PrRef): Payload {
  const body = payload['pull_request'] as Payload & { head: Payload };
  body['number'] = pr.number;
  const ref = pr.branch ?? pr.ref;
  if (ref) body.head['ref'] = ref;
  if (pr.sha) body.head['sha'] = pr.sha;
  return payload;
}

/** A real `pull_request` example (or any event carrying `pull_request`) pointed at one PR, branch and head. */
export function pullRequestPayload(
  fullName: string,
  pr: PrRef,
  event = 'pull_request',
  pick: (p: Payload) => boolean = (x) => event !== 'pull_request' || x.action === 'opened',
): Payload {
  const payload = setPr(forRepo(example(event, pick), fullName), pr);
  if (pr.action) payload.action = pr.action;
  if (event === 'pull_request') payload['number'] = pr.number;
  return payload;
}

/** A `check_run` on a PR's head: completed with `conclusion`, or (with `status` other than completed) in progress. */
export function checkRunPayload(
  fullName: string,
  run: {
    number?: number;
    branch: string;
    sha: string;
    status?: string;
    conclusion: string | null;
    name?: string;
    /** The run's id; by default one per check name, sha and attempt, as GitHub gives (a re-run is a new run). */
    id?: number;
    attempt?: number;
  },
): Payload {
  const payload = forRepo(
    example('check_run', (x) => x.action === 'completed'),
    fullName,
  );
  const status = run.status ?? (run.conclusion === null ? 'in_progress' : 'completed');
  payload.action = status === 'completed' ? 'completed' : 'created';
  const body = payload['check_run'] as Payload & { check_suite?: Payload };
  body['name'] = run.name ?? 'test';
  body['id'] = run.id ?? checkRunId(`${run.name ?? 'test'}\0${run.sha}\0${run.attempt ?? 1}`);
  body['head_sha'] = run.sha;
  body['status'] = status;
  body['conclusion'] = run.conclusion;
  if (run.number !== undefined)
    body['pull_requests'] = [
      { number: run.number, head: { ref: run.branch, sha: run.sha }, base: { ref: 'main' } },
    ];
  if (body.check_suite) body.check_suite['head_branch'] = run.branch;
  return payload;
}

/** A stable positive 31-bit id for a key (FNV-1a). */
function checkRunId(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 1 || 1;
}

/** A `pull_request_review` (`state`: approved, changes_requested, commented) on a PR. */
export function reviewPayload(fullName: string, state: string, pr: PrRef): Payload {
  const payload = pullRequestPayload(fullName, pr, 'pull_request_review', () => true);
  (payload['review'] as Payload)['state'] = state;
  return payload;
}

/** A `pull_request_review_comment` on a PR. */
export function reviewCommentPayload(fullName: string, pr: PrRef): Payload {
  return pullRequestPayload(fullName, pr, 'pull_request_review_comment', () => true);
}
