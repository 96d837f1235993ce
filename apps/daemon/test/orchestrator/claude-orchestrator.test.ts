import type { AoEvent } from '@ao/shared/events';
import type { Message, Session } from '@ao/shared/session';
import {
  type FakeGitHub,
  makeProject,
  type ProjectFixture,
  pullRequestPayload,
  READ_MESSAGES,
  readMessages,
  signedDelivery,
  startFakeGitHub,
  waitFor,
} from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeBins } from '../agent-claude/claude-bins';
import { type ClaudeEnv, EventStream, killTmuxServer, startClaudeEnv } from '../e2e/e2e-helpers';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';
import { text, toolUse } from '../mocks/anthropic-mock';

const REPO = 'acme/demo';
const NUDGE = 'Orchestrator: the login test fails on the redirect; fix the 302 first.';

/**
 * The chain agent → orchestrator, end to end with real components: a worker (the generic message reader in real tmux)
 * whose PR's check fails with a reaction budget of 0, so the reaction escalates; ao hands it to the orchestrator (the
 * real Claude Code CLI started by ao in its own scratch dir, its MCP client pointed at ao by `--mcp-config` with an
 * orchestrator token) as a digest typed into its terminal; the model mock, seeing the digest, calls
 * mcp__ao__list_sessions then mcp__ao__send_message; the worker receives the message. The human is not told.
 */
describe.each(claudeBins())('Claude Code ($name) as the orchestrator', ({ path: bin }) => {
  let env: ClaudeEnv;
  let gh: FakeGitHub;
  let p: ProjectFixture;
  let d: TestDaemon;
  let events: EventStream;

  beforeAll(async () => {
    [env, gh] = await Promise.all([startClaudeEnv(), startFakeGitHub()]);
    gh.addRepo(REPO);
    const github = { baseUrl: gh.url, graphqlUrl: gh.graphqlUrl, token: gh.token };
    p = await makeProject(
      'demo',
      ({ messagesFile }) => ({
        tracker: 'github',
        trackers: { github },
        scms: { github },
        github: { pollIntervalSec: 3600 },
        checks: { flaky: { rerunFirstFailure: false } }, // a first failure reaches the agent at once
        reactions: { ci_failed: { retries: 0 } },
        orchestrator: { enabled: true, agent: 'claude-code', briefingEveryMin: 0 },
        agents: {
          generic: {
            command: [process.execPath, READ_MESSAGES, messagesFile],
            prompt: 'type',
            typeDelayMs: 300,
          },
          'claude-code': { ...env.agentSettings('default'), binary: bin },
        },
      }),
      { project: { repo: REPO } },
    );
    d = await startTestDaemon();
    events = new EventStream(d.url, d.token);
    const added = await d.api('POST', '/api/projects', { configPath: p.configPath });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }, 120_000);
  afterAll(async () => {
    for (const s of (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions)
      if (s.status === 'running') await d.api('POST', `/api/sessions/${s.id}/kill`, {});
    await events?.close();
    await d?.stop();
    await killTmuxServer(d.dataDir);
    await gh?.close();
    await env?.close();
    p?.cleanup();
  }, 60_000);

  it('a reaction out of budget wakes it; it lists the fleet and messages the worker', async () => {
    const orchestrator = await waitFor(
      async () => {
        const all = (await d.api<{ sessions: Session[] }>('GET', '/api/sessions')).body.sessions;
        return all.find((s) => s.kind === 'orchestrator' && s.activity === 'idle');
      },
      'the orchestrator idle',
      90_000,
    );
    expect(orchestrator.worktreePath).toBe(`${d.dataDir}/orchestrators/demo`);

    env.mock.on('[ao wake]', [
      toolUse('mcp__ao__list_sessions', {}),
      // The worker's id is in the digest; the mock answers with the one it was told.
      toolUse('mcp__ao__send_message', { id: 'demo-2', message: NUDGE }),
      text('Nudged the worker.'),
    ]);

    const res = await d.api<{ session: Session }>('POST', '/api/sessions', {
      prompt: 'Fix the login redirect',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const worker = res.body.session;
    expect(worker.id).toBe('demo-2');
    await waitFor(async () => {
      const s = (await d.api<{ session: Session }>('GET', `/api/sessions/${worker.id}`)).body.session;
      return s.activity !== 'starting';
    }, 'the worker past its prompt');
    const sha = 'a'.repeat(40);
    const pull = gh.addPull(REPO, { title: 'Fix login redirect', head: { ref: worker.branch, sha } });
    gh.addCheckRun(REPO, { name: 'test', headSha: sha, status: 'completed', conclusion: 'failure' });
    const secret = (await d.api<{ secret: string }>('GET', '/api/github/webhook')).body.secret;
    const payload = pullRequestPayload(REPO, {
      action: 'opened',
      number: pull.number,
      ref: worker.branch,
      sha,
    });
    const { rawBody, headers } = signedDelivery(secret, 'pull_request', payload);
    await fetch(`${d.url}/api/webhooks/github`, { method: 'POST', headers, body: rawBody });

    const woken = await events.waitFor((e) => e.type === 'orchestrator.woken', 'the wake', {
      timeoutMs: 90_000,
    });
    const data = (woken.event as AoEvent & { type: 'orchestrator.woken' }).data;
    expect(data).toMatchObject({
      sessionId: orchestrator.id,
      triggers: ['reaction_escalated'],
      sessionIds: [worker.id],
    });
    const escalated = events.events.find((e) => e.event.type === 'reaction.escalated')?.event;
    expect(JSON.stringify(escalated)).toContain('handed to the orchestrator');

    await waitFor(
      () => readMessages(p.messagesFile).includes(NUDGE),
      'the worker received the message',
      90_000,
    );
    const msgs = (await d.api<{ messages: Message[] }>('GET', `/api/sessions/${worker.id}/messages`)).body
      .messages;
    expect(msgs.map((m) => m.text)).toContain(NUDGE);

    // The send_message result reaches the model in the request after the worker got the message.
    await waitFor(
      () => env.mock.mainRequests().flatMap((r) => r.toolResults).length >= 2 || null,
      'both tool results back at the model',
    );
    const main = env.mock.mainRequests();
    const wake = main.find((r) => r.lastUserText.includes('[ao wake]'));
    expect(wake?.lastUserText).toContain('You are the orchestrator of ao'); // its role, with the first wake
    expect(wake?.lastUserText).toContain(`reaction_escalated ${worker.id}`);
    const results = main.flatMap((r) => r.toolResults);
    expect(results.map((r) => r.isError)).toEqual([false, false]);
    expect(results[0]?.text).toContain(worker.id);
    expect(results[0]?.text).not.toContain(orchestrator.id); // the orchestrator is not one of the fleet
    // The escalation went to the orchestrator, not to the human: the worker is not flagged for the Review lane.
    const after = (await d.api<{ session: Session }>('GET', `/api/sessions/${worker.id}`)).body.session;
    expect(after.escalated).toBe(false);
  }, 240_000);
});
