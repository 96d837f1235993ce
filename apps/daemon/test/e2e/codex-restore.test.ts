import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { type MockTurn, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTING_GRACE_MS } from '../../src/sessions/watch-start';
import type { TestDaemon } from '../helpers/daemon';
import { type CodexDaemon, startCodexDaemon } from './codex-daemon';
import type { EventStream } from './e2e-helpers';

const KEY = 'sk-test-codex-e2e';

/** Title requests get a title; "LONG" runs a slow shell command; a tool result or anything else gets a message. */
function script(req: { body: unknown }): MockTurn {
  const body = req.body as { tools?: unknown[]; input?: Array<Record<string, unknown>> };
  if (!body.tools?.length) return { kind: 'message', text: 'A title' };
  const last = JSON.stringify(body.input?.at(-1) ?? {});
  if (last.includes('function_call_output')) return { kind: 'message', text: 'Slept.' };
  if (last.includes('LONG'))
    return { kind: 'function_call', name: 'exec_command', arguments: { cmd: 'sleep 120' } };
  return { kind: 'message', text: 'Hello back.' };
}

/**
 * The real Codex CLI through a running ao daemon (real tmux, git, SQLite; the model is the local Responses mock):
 * messages are confirmed on the first Enter, and a restored session shows what Codex does now (idle at its prompt,
 * also after a turn the kill interrupted) within seconds, from Codex's own rollout, not `starting`/`unknown`.
 */
describe('codex through the daemon: delivery and restore (real CLI)', () => {
  let codex: CodexDaemon;
  let d: TestDaemon;
  let events: EventStream;

  const get = async (id: string) =>
    (await d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
  const spawn = async (prompt: string) => {
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', { project: 'cx', prompt });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.session;
  };

  /** Kills the session through ao, restores it, and returns the first activity change after the restore. */
  const killAndRestore = async (id: string) => {
    const killed = await d.api<{ session: Session }>('POST', `/api/sessions/${id}/kill`, {});
    expect(killed.status, JSON.stringify(killed.body)).toBe(200);
    const mark = events.length;
    const restoredAt = Date.now();
    const restored = await d.api<{ session: Session }>('POST', `/api/sessions/${id}/restore`, {});
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.session).toMatchObject({ status: 'running', activity: 'starting' });
    const first = await events.waitFor(
      (e) => e.type === 'session.activity' && e.data.session.id === id,
      `${id}: first activity after the restore`,
      { from: mark, timeoutMs: 60_000 },
    );
    if (first.event.type !== 'session.activity') throw new Error('unreachable');
    console.log(
      `restore → ${first.event.data.to} [${first.event.data.evidence.source}] in ${first.receivedAt - restoredAt} ms`,
    );
    return { ...first.event.data, afterMs: first.receivedAt - restoredAt };
  };

  beforeAll(async () => {
    codex = await startCodexDaemon({ projectId: 'cx', permissions: 'skip', key: KEY, script });
    ({ d, events } = codex);
  }, 60_000);

  afterAll(() => codex?.stop(), 60_000);

  let first: Session;

  it('a message is confirmed on the first Enter, no resubmit', async () => {
    const mark = events.length;
    first = await spawn('say hello');
    expect(first.worktreePath).toBe(join(d.dataDir, 'worktrees', 'cx', first.id));
    await events.activity(first.id, 'idle', { from: mark, timeoutMs: 60_000 });

    for (const message of [
      'and now say hello again',
      'mind the $price and @README.md',
      'line one\nline two',
    ]) {
      const at = events.length;
      const sent = await d.api<{ delivery: { state: string; detail: string } }>(
        'POST',
        `/api/sessions/${first.id}/send`,
        { message },
      );
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      // Taken on its first Enter (test/agent-codex/codex-type-message.test.ts proves it without any resubmit); here,
      // on a loaded machine, a slow confirmation may still see one harmless extra Enter on an empty composer.
      expect(sent.body.delivery.state).toBe('delivered');
      expect(sent.body.delivery.detail).toMatch(/^confirmed (by the agent|after 1 resubmit)/);
      await events.activity(first.id, 'idle', { from: at });
    }
  }, 120_000);

  it("after kill and restore, the session is idle within moments, from Codex's rollout", async () => {
    const before = await get(first.id);
    expect(before.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    const change = await killAndRestore(first.id);
    // Codex's own rollout says it (a completed turn, Codex back at its prompt), not the daemon's fallback.
    expect(change.to).toBe('idle');
    expect(change.evidence.source).toBe('rollout');
    expect(change.afterMs).toBeLessThan(STARTING_GRACE_MS);
    const after = await get(first.id);
    expect(after).toMatchObject({
      status: 'running',
      activity: 'idle',
      agentSessionId: before.agentSessionId,
    });
  }, 120_000);

  it('a message sent during a tool call is queued; a turn interrupted by the kill is idle after the restore', async () => {
    const mark = events.length;
    const s = await spawn('LONG: sleep a while');
    await events.activity(s.id, 'working', { from: mark, timeoutMs: 60_000 });
    // The shell call is under way (the mock answered with it), so the turn is open when the kill comes.
    await waitFor(
      () => codex.mock.responseRequests().some((r) => JSON.stringify(r.body).includes('LONG')),
      'the slow shell call',
    );
    const sent = await d.api<{ delivery: { state: string; detail: string } }>(
      'POST',
      `/api/sessions/${s.id}/send`,
      {
        message: 'when that is done, say hello',
      },
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.delivery.state).toBe('queued');
    expect((await get(s.id)).activity).toBe('working');

    const change = await killAndRestore(s.id);
    expect(change.to).toBe('idle');
    expect(change.evidence.source).toBe('rollout');
    expect(change.evidence.detail).toMatch(/interrupted/);
    expect(change.afterMs).toBeLessThan(STARTING_GRACE_MS);
    expect((await get(s.id)).lane).not.toBe('working');
    const messages = await d.api<{ messages: Array<{ text: string; state: string }> }>(
      'GET',
      `/api/sessions/${s.id}/messages`,
    );
    // Codex held it for after the tool call; the kill ended that: reported dropped, never silently lost.
    expect(messages.body.messages.find((m) => m.text === 'when that is done, say hello')?.state).toBe(
      'dropped',
    );
  }, 120_000);
});
