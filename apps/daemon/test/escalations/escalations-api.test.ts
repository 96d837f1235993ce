import type { Escalation } from '@ao/shared/events-mcp';
import type { Session } from '@ao/shared/session';
import { readMessages, waitFor } from '@ao/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecError } from '../../src/util/exec';
import { ao } from '../helpers/cli';
import { type McpFleet, mcpClient, parsed, REPO, startMcpFleet } from '../mcp/mcp-daemon';

type ErrorBody = { error: { code: string; message: string; field?: string } };

/**
 * The human end of the escalation chain: the orchestrator escalates through the MCP SDK client (with an action), the
 * human accepts, rejects or answers through the API and the CLI; a real daemon, SQLite, live tmux agents, fake GitHub.
 */
describe('POST /api/escalations/:id/resolve', () => {
  let f: McpFleet;
  let c: Client;

  const escalate = async (args: Record<string, unknown>) => {
    const r = parsed(await c.callTool({ name: 'escalate', arguments: args }));
    expect(r.isError, r.text).toBe(false);
    return (r.json as { escalation: { id: number } }).escalation.id;
  };
  const resolve = (id: number, body: unknown) =>
    f.d.api<{ escalation: Escalation } & ErrorBody>('POST', `/api/escalations/${id}/resolve`, body);
  const list = async (state: 'open' | 'all') =>
    (await f.d.api<{ escalations: Escalation[] }>('GET', `/api/escalations?state=${state}`)).body.escalations;

  beforeAll(async () => {
    f = await startMcpFleet();
    const { token } = f.d.app.mcp.tokens.mint({ kind: 'orchestrator' });
    c = await mcpClient(f.d.url, token);
  }, 120_000);
  afterAll(async () => {
    await c?.close();
    await f?.close();
  }, 60_000);

  it('accept carries out send_message: the live agent receives it, the escalation leaves the open list', async () => {
    const id = await escalate({
      summary: 'The worker keeps skipping tests.',
      recommendation: 'Tell it to add tests before anything else.',
      action: { kind: 'send_message', session: f.other.id, text: 'Add tests for the changelog first' },
    });
    const open = await list('open');
    expect(open.find((e) => e.id === id)).toMatchObject({
      sessionId: f.other.id,
      project: 'demo',
      action: { kind: 'send_message', session: f.other.id },
      resolution: null,
    });
    const r = await resolve(id, { decision: 'accept' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.escalation.resolution).toMatchObject({
      decision: 'accept',
      resolvedBy: 'api',
      deliveredToOrchestrator: false,
    });
    expect(r.body.escalation.resolution?.outcome).toMatch(new RegExp(`^message to ${f.other.id}: `));
    await waitFor(
      () => readMessages(f.p.messagesFile).includes('Add tests for the changelog first'),
      'the worker received the message',
    );
    expect((await list('open')).map((e) => e.id)).not.toContain(id);
    expect((await list('all')).find((e) => e.id === id)?.resolution?.decision).toBe('accept');
    const again = await resolve(id, { decision: 'reject' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already resolved \(accept\)/);
  });

  it('reject changes nothing; accepting rerun_checks re-runs the failed job on the fake GitHub', async () => {
    const rejected = await escalate({
      summary: '`test` failed twice.',
      recommendation: 'Re-run it: it looks flaky.',
      action: { kind: 'rerun_checks', session: f.failing.id },
    });
    const r = await resolve(rejected, { decision: 'reject', text: 'No, it is a real failure' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.escalation.resolution).toMatchObject({
      decision: 'reject',
      text: 'No, it is a real failure',
    });
    expect(f.gh.repo(REPO).reruns).toEqual([]);
    const s = (await f.d.api<{ session: Session }>('GET', `/api/sessions/${f.failing.id}`)).body.session;
    expect(s.status).toBe('running');

    const accepted = await escalate({
      summary: '`test` failed again.',
      recommendation: 'Re-run it.',
      action: { kind: 'rerun_checks', session: f.failing.id },
    });
    const a = await resolve(accepted, { decision: 'accept' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.escalation.resolution?.outcome).toBe(
      `re-ran test on PR #${f.failing.pr?.number} of ${f.failing.id}`,
    );
    expect(f.gh.repo(REPO).reruns).toMatchObject([{ via: 'workflow_run', id: f.checkRunId + 1 }]);
  });

  it('an action that fails leaves the escalation open with the error; answer reaches the orchestrator hook', async () => {
    const id = await escalate({
      summary: 'The changelog is done.',
      recommendation: 'Merge it.',
      action: { kind: 'merge', session: f.other.id },
    });
    const r = await resolve(id, { decision: 'accept' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/pull request|PR/i);
    const still = (await list('open')).find((e) => e.id === id);
    expect(still?.resolution).toBeNull();
    expect(still?.error).toMatch(/^merge .* failed: /);

    const told: Array<{ project: string | null; text: string }> = [];
    f.d.app.escalations.setInbox({
      deliverToOrchestrator: async (project, text) => {
        told.push({ project, text });
        return true;
      },
    });
    try {
      const answered = await resolve(id, { decision: 'answer', text: 'Wait for the release branch' });
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
      expect(answered.body.escalation.resolution).toMatchObject({
        decision: 'answer',
        text: 'Wait for the release branch',
        deliveredToOrchestrator: true,
        outcome: 'answer sent to the orchestrator',
      });
      expect(told).toEqual([
        {
          project: 'demo',
          text: `Escalation #${id} (session ${f.other.id}): the human answered: Wait for the release branch`,
        },
      ]);
    } finally {
      f.d.app.escalations.setInbox(null);
    }
    expect(readMessages(f.p.messagesFile)).not.toContain('Merge it');
  });

  it('bad bodies are 400 naming the field; an unknown id is 404; escalate refuses a bad action', async () => {
    const id = await escalate({ summary: 'A choice', recommendation: 'Ship without the flag' });
    const cases: Array<[unknown, string]> = [
      [{ decision: 'maybe' }, 'decision'],
      [{}, 'decision'],
      [{ decision: 'answer' }, 'text'],
      [{ decision: 'answer', text: '   ' }, 'text'],
      [{ decision: 'accept', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await resolve(id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
    expect((await list('open')).find((e) => e.id === id)?.resolution).toBeNull();
    expect((await resolve(999_999, { decision: 'reject' })).status).toBe(404);
    expect((await f.d.api('GET', '/api/escalations?state=closed')).status).toBe(400);

    const bad = parsed(
      await c.callTool({
        name: 'escalate',
        arguments: { summary: 's', recommendation: 'r', action: { kind: 'explode', session: f.other.id } },
      }),
    );
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/action/);
    const ghost = parsed(
      await c.callTool({
        name: 'escalate',
        arguments: { summary: 's', recommendation: 'r', action: { kind: 'kill', session: 'demo-99' } },
      }),
    );
    expect(ghost.isError).toBe(true);
    expect(ghost.text).toMatch(/demo-99/);
  });

  it('ao escalations lists the open ones (escaped) and resolves one', async () => {
    const id = await escalate({ summary: 'Pick a name\u001b[2J', recommendation: 'Call it ao' });
    const listed = await ao(f.d.dataDir, ['escalations']);
    expect(listed.stdout).toContain(`#${id}`);
    expect(listed.stdout).toContain('Pick a name\\x1b[2J');
    expect(listed.stdout).not.toContain('\u001b');
    const done = await ao(f.d.dataDir, [
      'escalations',
      'resolve',
      String(id),
      'answer',
      'Call',
      'it',
      'orca',
    ]);
    expect(done.stdout).toMatch(/resolved: +answer by api/);
    const e = (await list('all')).find((x) => x.id === id);
    expect(e?.resolution).toMatchObject({ decision: 'answer', text: 'Call it orca' });
    const twice = await ao(f.d.dataDir, ['escalations', 'resolve', String(id), 'reject']).catch((e) => e);
    expect(twice).toBeInstanceOf(ExecError);
    expect((twice as ExecError).stderr).toMatch(/already resolved.*HTTP 409/);
  });
});
