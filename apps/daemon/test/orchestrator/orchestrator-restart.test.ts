import { rmSync } from 'node:fs';
import type { OrchestratorStatus } from '@ao/shared/config-orchestrator';
import type { Session } from '@ao/shared/session';
import { readMessages, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { mcpClient, parsed } from '../mcp/mcp-daemon';
import { type GenericFleet, startGenericFleet } from './orchestrator-fleet';

/** The orchestrator outlives a daemon restart like any session: the same session (still in tmux), still woken. */
describe('orchestrator across a daemon restart', () => {
  let f: GenericFleet;
  let again: TestDaemon | null = null;

  beforeAll(async () => {
    f = await startGenericFleet({ briefingEveryMin: 0 });
  }, 120_000);
  afterAll(async () => {
    await again?.stop(); // kills ao's tmux server of this data dir
    if (again) rmSync(again.dataDir, { recursive: true, force: true });
    await f.human.close();
    f.p.cleanup();
  }, 60_000);

  it('keeps its session and is woken by the new daemon', async () => {
    const before = await f.status();
    const worker = await f.spawnWorker('Add the --json flag');
    await f.d.close(); // not stop(): tmux, and the agents in it, keep running
    again = await startTestDaemon({ dataDir: f.d.dataDir });
    const d = again;
    const status = async () =>
      (await d.api<{ orchestrators: OrchestratorStatus[] }>('GET', '/api/orchestrator')).body
        .orchestrators[0] as OrchestratorStatus;
    const after = await status();
    expect(after.sessionId).toBe(before.sessionId);
    const sessions = (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions;
    expect(sessions.filter((s) => s.kind === 'orchestrator')).toHaveLength(1);
    await waitFor(
      async () => {
        const s = (await d.api<{ session: Session }>('GET', `/api/sessions/${after.sessionId}`)).body.session;
        return s.status === 'running' && s.activity === 'idle';
      },
      'the orchestrator running and idle',
      60_000,
    );

    const minted = await d.api<{ token: string }>('POST', '/api/mcp/tokens', {
      scope: 'worker',
      sessionId: worker.id,
    });
    const client = await mcpClient(d.url, minted.body.token);
    const r = parsed(
      await client.callTool({
        name: 'ask_orchestrator',
        arguments: { question: 'still there after the restart?' },
      }),
    );
    await client.close();
    expect(r.isError, r.text).toBe(false);
    await waitFor(
      () =>
        readMessages(f.orchestratorInbox).some((m) => m.includes('still there after the restart?')) || null,
      'the digest in the same orchestrator terminal',
      60_000,
    );
  }, 180_000);
});
