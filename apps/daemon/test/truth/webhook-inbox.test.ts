import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import {
  type FakeGitHub,
  killTmuxServer,
  makeProject,
  type ProjectFixture,
  pullRequestPayload,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ao, aoUp } from '../helpers/cli';

const REPO = 'acme/inbox';

/** A proxy in front of the fake GitHub that holds every request until opened: GitHub at its slowest. */
async function startGate(target: string) {
  let open = false;
  const held: Array<() => void> = [];
  let answered = 0;
  const server = createServer((req, res) => {
    const forward = () => {
      const up = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
        r.on('end', () => answered++);
      });
      // The daemon that asked may be gone (the test kills it): its half-open requests are dropped.
      up.on('error', () => res.destroy());
      res.on('error', () => up.destroy());
      req.pipe(up);
    };
    if (open) forward();
    else held.push(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => held.length,
    answered: () => answered,
    open() {
      open = true;
      for (const f of held.splice(0)) f();
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * Webhooks (truth issue, defect 5): a verified delivery is recorded with its fact in one transaction and answered 202
 * at once, whatever GitHub does; it is processed from that durable inbox afterwards, and one not processed before a
 * crash is processed after the restart.
 */
describe('webhook deliveries are answered at once and never lost (real ao up, fake GitHub behind a gate)', () => {
  let gh: FakeGitHub;
  let gate: Awaited<ReturnType<typeof startGate>>;
  let p: ProjectFixture;
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-inbox-'));

  beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addRepo(REPO);
    gate = await startGate(gh.url);
    const github = { baseUrl: gate.url, graphqlUrl: `${gate.url}/graphql`, token: gh.token };
    p = await makeProject('inbox', { scms: { github }, github: { pollIntervalSec: 3600 } });
    writeFileSync(
      p.configPath,
      readFileSync(p.configPath, 'utf8').replace('project:\n', `project:\n  repo: ${REPO}\n`),
    );
  });
  afterAll(async () => {
    await ao(dataDir, ['down']).catch(() => undefined);
    await killTmuxServer(dataDir); // ao's tmux server outlives `ao down` by design
    await gate.close();
    await gh.close();
    rmSync(dataDir, { recursive: true, force: true });
    p.cleanup();
  });

  it('answers 202 while GitHub has not answered, and processes the delivery after a crash and restart', async () => {
    const first = await aoUp(dataDir, ['--config', p.configPath]);
    const id = (await ao(dataDir, ['start', '--prompt', 'fix it'], { cwd: p.repo })).stdout.trim();
    const session = (JSON.parse((await ao(dataDir, ['status', '--json'])).stdout) as Session[]).find(
      (s) => s.id === id,
    );
    if (!session) throw new Error('no session');
    const pull = gh.addPull(REPO, { title: 'Fix it', head: { ref: session.branch, sha: 'a'.repeat(40) } });
    await ao(dataDir, ['webhook']); // shows (and creates) the webhook secret
    const secret = readFileSync(join(dataDir, 'webhook-secret'), 'utf8').trim();
    const payload = pullRequestPayload(REPO, {
      action: 'opened',
      number: pull.number,
      ref: session.branch,
      sha: 'a'.repeat(40),
    });
    const { rawBody, headers } = signedDelivery(secret, 'pull_request', payload, {
      id: 'delivery-before-crash',
    });

    const answeredBefore = gate.answered();
    const started = Date.now();
    const res = await fetch(`${first.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });
    const took = Date.now() - started;
    expect(res.status).toBe(202);
    // Answered before GitHub answered anything the delivery caused (the refresh waits at the gate).
    expect(gate.answered()).toBe(answeredBefore);
    console.log(`webhook answered in ${took} ms while GitHub held ${gate.held()} request(s)`);
    await waitFor(() => gate.held() > 0, 'the refresh to reach GitHub');

    // The machine crashes before GitHub answers: the delivery was recorded, not yet processed.
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    gate.open();
    const second = await aoUp(dataDir);
    const linked = await waitFor(async () => {
      const all = JSON.parse((await ao(dataDir, ['status', '--json'])).stdout) as Session[];
      return all.find((s) => s.id === id && s.pr?.number === pull.number);
    }, 'the PR linked from the delivery recorded before the crash');
    expect(linked.pr?.state).toBe('open');
    // GitHub redelivering the same id is a duplicate: answered 200, processed once.
    const again = await fetch(`${second.url}/api/webhooks/github`, {
      method: 'POST',
      headers,
      body: rawBody,
    });
    expect(again.status).toBe(200);
  });
});
