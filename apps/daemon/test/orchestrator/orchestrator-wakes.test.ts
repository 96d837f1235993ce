import type { AoEvent } from '@ao/shared/events';
import type { Session } from '@ao/shared/session';
import { readMessages, waitFor } from '@ao/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStream } from '../e2e/e2e-helpers';
import { mcpClient, parsed } from '../mcp/mcp-daemon';
import { type GenericFleet, startGenericFleet } from './orchestrator-fleet';

type Woken = AoEvent & { type: 'orchestrator.woken' };
const wakes = (events: EventStream) =>
  events.events.map((e) => e.event).filter((e): e is Woken => e.type === 'orchestrator.woken');
const digests = (f: GenericFleet) => readMessages(f.orchestratorInbox).filter((m) => m.includes('[ao wake]'));

/**
 * The orchestrator woken by events, with real components: a real daemon, real tmux, the generic message reader as the
 * orchestrator (it records what reaches its terminal), a worker's own calls through ao's MCP server with a worker
 * token, notifications to a local webhook receiver.
 */
describe('orchestrator wakes (generic agents, real tmux)', () => {
  let f: GenericFleet;
  let events: EventStream;
  let worker: Session;
  let client: Client;

  beforeAll(async () => {
    f = await startGenericFleet({ wakes: { maxPerHour: 2 }, briefingEveryMin: 0 });
    events = new EventStream(f.d.url, f.d.token);
    worker = await f.spawnWorker('Add the --json flag');
    const minted = await f.d.api<{ token: string }>('POST', '/api/mcp/tokens', {
      scope: 'worker',
      sessionId: worker.id,
    });
    client = await mcpClient(f.d.url, minted.body.token);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await events?.close();
    await f?.close();
  }, 60_000);

  const report = async (tool: 'ask_orchestrator' | 'report_blocked', text: string) => {
    const args = tool === 'ask_orchestrator' ? { question: text } : { reason: text };
    const r = parsed(await client.callTool({ name: tool, arguments: args }));
    expect(r.isError, r.text).toBe(false);
  };

  it('the orchestrator is a session of its own: scratch dir, no branch work, marked for the board', async () => {
    const s = await f.get((await f.status()).sessionId as string);
    expect(s.kind).toBe('orchestrator');
    expect(s.worktreePath).toBe(`${f.d.dataDir}/orchestrators/orch`);
    expect(s.pr).toBeNull();
    const w = await f.get(worker.id);
    expect(w.kind).toBe('worker');
  });

  it('stopped: a worker report goes to the human', async () => {
    const stopped = await f.d.api<{ orchestrator: { state: string } }>('POST', '/api/orchestrator/stop', {});
    expect(stopped.body.orchestrator.state).toBe('stopped');
    await report('report_blocked', 'no access to the staging database');
    await waitFor(() => f.human.received.find((n) => n.body.includes('staging database')), 'the human told');
    const skipped = await events.waitFor((e) => e.type === 'orchestrator.skipped', 'skipped');
    expect(skipped.event.data).toMatchObject({ trigger: 'worker_blocked', sessionIds: [worker.id] });
    expect(wakes(events)).toHaveLength(0);
  });

  it('triggers while the orchestrator is not idle are coalesced into one digest', async () => {
    const started = await f.d.api<{ orchestrator: { state: string; sessionId: string } }>(
      'POST',
      '/api/orchestrator/start',
      {},
    );
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const orch = started.body.orchestrator.sessionId;
    // Just started: it has not been idle yet, so these wait for it.
    await report('ask_orchestrator', 'Should the flag be --json or --format=json?');
    await report('report_blocked', 'the fixtures folder is read-only');
    await report('ask_orchestrator', 'May I change the public API?');
    expect((await f.status()).pending).toBe(3);
    const woken = await events.waitFor((e) => e.type === 'orchestrator.woken', 'the wake', {
      timeoutMs: 60_000,
    });
    expect(woken.event.data).toMatchObject({ sessionId: orch, sessionIds: [worker.id] });
    expect((woken.event as Woken).data.triggers.sort()).toEqual(['worker_ask', 'worker_blocked']);
    const [digest] = await waitFor(
      () => (digests(f).length ? digests(f) : null),
      'the digest in its terminal',
    );
    expect(digests(f)).toHaveLength(1);
    expect(digest).toContain('You are the orchestrator of ao'); // the role, with the first wake
    expect(digest).toContain('untrusted data');
    for (const t of ['--format=json', 'read-only', 'public API']) expect(digest).toContain(t);
    expect(digest).toContain('Fleet: 1 sessions');
    expect(digest).toContain('Use tools for depth');
    expect(Buffer.byteLength(digest as string)).toBeLessThan(8192);
    expect((await f.status()).pending).toBe(0);
  }, 90_000);

  it('past the wake budget: no wake, a clear state, and the trigger goes to the human', async () => {
    await waitFor(
      async () => (await f.get((await f.status()).sessionId as string)).activity === 'idle',
      'idle',
    );
    await report('ask_orchestrator', 'second question');
    await waitFor(() => digests(f).length === 2 || null, 'the second digest', 60_000);
    expect(digests(f)[1]).not.toContain('You are the orchestrator'); // the role is given once
    const status = await waitFor(async () => {
      const st = await f.status();
      return st.wakesLastHour === 2 ? st : null;
    }, 'the second wake counted');
    expect(status).toMatchObject({ state: 'budget_spent', wakesLastHour: 2, maxWakesPerHour: 2 });
    expect(status.reason).toMatch(/wake budget spent/);
    const cli = await f.d.api<{ orchestrators: unknown[] }>('GET', '/api/orchestrator');
    expect(JSON.stringify(cli.body)).toContain('budget_spent');

    const from = events.events.length;
    await report('report_blocked', 'third: the build server is down');
    const skipped = await events.waitFor((e) => e.type === 'orchestrator.skipped', 'skipped', { from });
    expect(skipped.event.data).toMatchObject({ trigger: 'worker_blocked' });
    expect((skipped.event.data as { reason: string }).reason).toMatch(/wake budget spent/);
    await waitFor(() => f.human.received.find((n) => n.body.includes('build server')), 'the human told');
    expect(digests(f)).toHaveLength(2);
    expect(wakes(events)).toHaveLength(2);
  }, 90_000);
});

/** A quiet fleet costs nothing: with briefings checked often and nothing changing, no wake and no message. */
describe('a quiet fleet', () => {
  let f: GenericFleet;
  let events: EventStream;
  beforeAll(async () => {
    f = await startGenericFleet({ briefingEveryMin: 0.001 }, { orchestratorTickMs: 50 });
    events = new EventStream(f.d.url, f.d.token);
  }, 120_000);
  afterAll(async () => {
    await events?.close();
    await f?.close();
  }, 60_000);

  it('is never woken while nothing happens, and is woken for a briefing once something does', async () => {
    const orch = (await f.status()).sessionId as string;
    await waitFor(async () => (await f.get(orch)).activity === 'idle', 'the orchestrator idle', 60_000);
    const checks0 = (await f.status()).briefingChecks;
    // The period is measured in the daemon's own briefing checks, not in sleeps.
    await waitFor(
      async () => (await f.status()).briefingChecks >= checks0 + 20 || null,
      '20 briefing checks',
    );
    expect(wakes(events), JSON.stringify(events.events.map((e) => e.event))).toHaveLength(0);
    expect(readMessages(f.orchestratorInbox)).toHaveLength(0);
    expect((await f.get(orch)).usage.tokensIn).toBe(0);

    await f.spawnWorker('Something changes');
    const woken = await events.waitFor((e) => e.type === 'orchestrator.woken', 'the briefing wake');
    expect((woken.event as Woken).data.triggers).toEqual(['briefing_due']);
  }, 120_000);
});
