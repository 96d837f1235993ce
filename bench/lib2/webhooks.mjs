// Signed GitHub webhook deliveries for the benchmarks: real example payloads (@octokit/webhooks-examples) edited to
// name the bench's repository, PR, branch and commit, signed like GitHub (HMAC-SHA256 of the raw body).
import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let groups = null;

/** A deep copy of the first real example of `event` matching `pick`. */
export function example(event, pick = () => true) {
  groups ??= require('@octokit/webhooks-examples');
  const found = groups.find((g) => g.name === event)?.examples.find(pick);
  if (!found) throw new Error(`no @octokit/webhooks-examples payload for ${event}`);
  return structuredClone(found);
}

function withRepo(payload, fullName) {
  const [owner, name] = fullName.split('/');
  payload.repository.full_name = fullName;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  return payload;
}

/** `check_run` completed (or in progress) on a PR's head. */
export function checkRunPayload(fullName, { number, branch, sha, status, conclusion }) {
  const payload = withRepo(
    example('check_run', (x) => x.action === 'completed'),
    fullName,
  );
  payload.action = status === 'completed' ? 'completed' : 'created';
  const run = payload.check_run;
  run.name = 'test';
  run.head_sha = sha;
  run.status = status;
  run.conclusion = conclusion;
  run.pull_requests = [{ number, head: { ref: branch, sha }, base: { ref: 'main' } }];
  if (run.check_suite) run.check_suite.head_branch = branch;
  return payload;
}

/** `pull_request` with `action` (opened, synchronize, ...) for a PR. */
export function pullRequestPayload(fullName, { number, branch, sha, action = 'opened' }) {
  const payload = withRepo(
    example('pull_request', (x) => x.action === 'opened'),
    fullName,
  );
  payload.action = action;
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.head.ref = branch;
  payload.pull_request.head.sha = sha;
  return payload;
}

/** Body and headers of one signed delivery (a fresh delivery id unless `id` is given). */
export function signedDelivery(secret, event, payload, id = randomUUID()) {
  const body = Buffer.from(JSON.stringify(payload));
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return {
    id,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/bench',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-hub-signature-256': signature,
    },
  };
}

/** POSTs a signed delivery to the daemon; resolves to `{status, body, ms}`. */
export async function deliver(url, delivery) {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/webhooks/github`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, ms: performance.now() - t0 };
}
