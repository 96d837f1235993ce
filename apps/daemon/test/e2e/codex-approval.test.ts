import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { type MockTurn, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDaemon } from '../helpers/daemon';
import { type CodexDaemon, startCodexDaemon } from './codex-daemon';
import type { EventStream } from './e2e-helpers';

const KEY = 'sk-test-codex-approval';

/** A command that needs the user's approval (escalated out of the read-only sandbox), then a final message. */
function script(req: { body: unknown }): MockTurn {
  const body = req.body as { tools?: unknown[]; input?: Array<Record<string, unknown>> };
  if (!body.tools?.length) return { kind: 'message', text: 'A title' };
  const last = JSON.stringify(body.input?.at(-1) ?? {});
  if (last.includes('function_call_output')) return { kind: 'message', text: 'Wrote it.' };
  const args = {
    cmd: 'echo hi > out2.txt',
    sandbox_permissions: 'require_escalated',
    justification: 'write out2',
  };
  return { kind: 'function_call', name: 'exec_command', arguments: args };
}

/**
 * Codex's approval dialog through the daemon (real CLI, tmux, git): the session waits in Review at once (Codex writes
 * no approval request to its rollout: the watcher reads the dialog on screen), a message is refused rather than typed
 * into the dialog, and `approve` answers it.
 */
describe('codex through the daemon: an approval dialog (real CLI)', () => {
  let codex: CodexDaemon;
  let d: TestDaemon;
  let events: EventStream;

  beforeAll(async () => {
    codex = await startCodexDaemon({ projectId: 'cxa', permissions: 'default', key: KEY, script });
    ({ d, events } = codex);
  }, 60_000);

  afterAll(() => codex?.stop(), 60_000);

  it('waits in Review, refuses a message, and approve lets the turn finish', async () => {
    const mark = events.length;
    const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
      project: 'cxa',
      prompt: 'write out2',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.session.id;
    const file = join(d.dataDir, 'worktrees', 'cxa', id, 'out2.txt');

    const waiting = await events.activity(id, 'waiting_input', { from: mark, timeoutMs: 60_000 });
    if (waiting.event.type !== 'session.activity') throw new Error('unreachable');
    expect(waiting.event.data.session.lane).toBe('review');
    expect(waiting.event.data.evidence).toMatchObject({
      source: 'screen',
      detail: 'approval requested: Would you like to run the following command? $ echo hi > out2.txt',
    });

    const sent = await d.api<{ error?: { message?: string } }>('POST', `/api/sessions/${id}/send`, {
      message: 'yes, and also p',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(409);
    expect(JSON.stringify(sent.body)).toContain('Codex shows a dialog');
    expect(existsSync(file)).toBe(false);

    const mark2 = events.length;
    const approved = await d.api('POST', `/api/sessions/${id}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await events.activity(id, 'idle', { from: mark2, timeoutMs: 60_000 });
    await waitFor(() => existsSync(file), 'out2.txt written');
    expect(readFileSync(file, 'utf8')).toBe('hi\n');
  }, 120_000);
});
