import type { Escalation } from '@ao/shared/events-mcp';
import type { Message, Session } from '@ao/shared/session';
import { readMessages, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpClient, parsed } from '../mcp/mcp-daemon';
import {
  ALICE_DM,
  ALICE_SLACK,
  ALICE_TELEGRAM,
  type ChatFleet,
  chatEvents,
  OPS_CHANNEL,
  startChatFleet,
} from './chat-fleet';

let f: ChatFleet;
beforeAll(async () => {
  f = await startChatFleet();
}, 120_000);
afterAll(async () => {
  await f?.close();
}, 60_000);

const session = async (id: string) =>
  (await f.d.api<{ session: Session }>('GET', `/api/sessions/${id}`)).body.session;
const messagesOf = async (id: string) =>
  (await f.d.api<{ messages: Message[] }>('GET', `/api/sessions/${id}/messages`)).body.messages;
/** The first post to `channel` after the first `from` posts that `match`es. */
const slackPost = (channel: string, from: number, match: RegExp) =>
  waitFor(
    () => f.slack.posts.slice(from).find((p) => p.channel === channel && match.test(p.text)),
    `a Slack post matching ${match}`,
  );
const telegramSent = (chat: number, from: number, match: RegExp) =>
  waitFor(
    () => f.telegram.sent.slice(from).find((m) => m.chatId === chat && match.test(m.text)),
    `a Telegram message matching ${match}`,
  );

describe('chat-ops over Slack Socket Mode', () => {
  it("answers an allowed user's status with the daemon's fleet state", async () => {
    const s = await session(f.session.id);
    const before = f.slack.posts.length;
    await f.slack.sendMessage({ user: ALICE_SLACK, channel: ALICE_DM, text: 'status' });
    const post = await slackPost(ALICE_DM, before, /^Fleet:/);
    expect(post.text).toContain('Fleet: 1 live');
    expect(post.text).toContain(`${s.lane} 1`);
    // A session in Review without a PR is to look at (the orchestrator's first), not one that needs the human.
    if (s.lane === 'review')
      expect(post.text).toContain("In Review to look at (the orchestrator's first): 1");
    expect(post.text).toContain('Nobody needs you.');
    // The same in an allow-listed channel, with a bot mention before the command.
    const n = f.slack.posts.length;
    await f.slack.sendMessage({
      user: ALICE_SLACK,
      channel: OPS_CHANNEL,
      text: '<@U0AOBOT> sessions',
      channelType: 'channel',
    });
    expect((await slackPost(OPS_CHANNEL, n, new RegExp(s.id))).text).toContain('Fix the login redirect');
  });

  it('delivers `tell` to the session once the Confirm button is pressed', async () => {
    const before = f.slack.posts.length;
    const text = 'please add tests first <!channel>';
    await f.slack.sendMessage({ user: ALICE_SLACK, channel: ALICE_DM, text: `tell ${f.session.id} ${text}` });
    const ask = await slackPost(ALICE_DM, before, /^Confirm:/);
    // Text typed in chat comes back escaped: it cannot mention a channel.
    expect(ask.text).toContain('&lt;!channel&gt;');
    expect(await messagesOf(f.session.id)).not.toContainEqual(expect.objectContaining({ text }));
    const actions = ask.blocks?.find((b) => (b as { type: string }).type === 'actions') as {
      elements: Array<{ action_id: string; value: string }>;
    };
    const confirm = actions.elements.find((e) => e.action_id === 'ao_chatops_confirm');
    expect(confirm?.value).toMatch(/^[0-9a-f]{16}$/);
    // Somebody else pressing the button does nothing.
    await f.slack.pressButton({
      user: 'U0MALLORY',
      channel: ALICE_DM,
      actionId: 'ao_chatops_confirm',
      value: confirm?.value ?? '',
    });
    await slackPost(ALICE_DM, before, /not allowed/);
    await f.slack.pressButton({
      user: ALICE_SLACK,
      channel: ALICE_DM,
      actionId: 'ao_chatops_confirm',
      value: confirm?.value ?? '',
    });
    const done = await slackPost(ALICE_DM, before, new RegExp(`^Message to ${f.session.id}:`));
    expect(done.text).toMatch(/: (sent|delivered|queued) /);
    await waitFor(() => readMessages(f.p.messagesFile).includes(text), 'the agent received the message');
    expect(await messagesOf(f.session.id)).toContainEqual(expect.objectContaining({ text, kind: 'message' }));
    expect(chatEvents(f.d)).toContainEqual(
      expect.objectContaining({
        transport: 'slack',
        user: ALICE_SLACK,
        command: `tell ${f.session.id}`,
        outcome: 'done',
      }),
    );
  });

  it('refuses an unknown user, runs nothing, and logs the refusal', async () => {
    const before = f.slack.posts.length;
    await f.slack.sendMessage({ user: 'U0MALLORY', channel: ALICE_DM, text: `kill ${f.session.id}` });
    const post = await slackPost(ALICE_DM, before, /not allowed/);
    expect(post.blocks).toBeNull();
    // An allowed user in a channel that is not allow-listed is refused too.
    await f.slack.sendMessage({
      user: ALICE_SLACK,
      channel: 'C0RANDOM',
      text: 'status',
      channelType: 'channel',
    });
    await slackPost('C0RANDOM', before, /not allowed/);
    expect((await session(f.session.id)).status).toBe('running');
    const refused = chatEvents(f.d).filter((e) => e.outcome === 'refused');
    expect(refused).toContainEqual(
      expect.objectContaining({ user: 'U0MALLORY', command: `kill ${f.session.id}` }),
    );
    expect(chatEvents(f.d)).not.toContainEqual(
      expect.objectContaining({ user: 'U0MALLORY', outcome: 'confirm_asked' }),
    );
  });
});

describe('chat-ops over Telegram long polling', () => {
  it('delivers `tell` after a typed yes', async () => {
    const before = f.telegram.sent.length;
    const text = 'then update the changelog';
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: `/tell ${f.session.id} ${text}` });
    const ask = await telegramSent(ALICE_TELEGRAM, before, /^Confirm:/);
    expect(ask.buttons.map((b) => b.text)).toEqual(['Confirm', 'Cancel']);
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: 'yes' });
    await telegramSent(ALICE_TELEGRAM, before, new RegExp(`^Message to ${f.session.id}:`));
    await waitFor(() => readMessages(f.p.messagesFile).includes(text), 'the agent received the message');
    expect(await messagesOf(f.session.id)).toContainEqual(expect.objectContaining({ text }));
  });

  it('refuses an unknown user and a forged button press', async () => {
    const before = f.telegram.sent.length;
    f.telegram.sendText({ from: 666, text: `kill ${f.session.id}` });
    await telegramSent(666, before, /not allowed/);
    const query = f.telegram.pressButton({ from: 666, data: 'y:0123456789abcdef' });
    await waitFor(() => f.telegram.answered.includes(query), 'the callback query answered');
    await waitFor(
      () => f.telegram.sent.slice(before).filter((m) => /not allowed/.test(m.text)).length === 2,
      'two refusals',
    );
    expect((await session(f.session.id)).status).toBe('running');
    expect(chatEvents(f.d)).toContainEqual(
      expect.objectContaining({ transport: 'telegram', user: '666', outcome: 'refused' }),
    );
  });

  it('reports a merge the session cannot make (no PR), through the inline keyboard', async () => {
    const before = f.telegram.sent.length;
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: `merge ${f.session.id}` });
    const ask = await telegramSent(ALICE_TELEGRAM, before, /^Confirm: merge/);
    const confirm = ask.buttons.find((b) => b.text === 'Confirm');
    const query = f.telegram.pressButton({ from: ALICE_TELEGRAM, data: confirm?.data ?? '' });
    const failed = await telegramSent(ALICE_TELEGRAM, before, /^Could not merge/);
    expect(failed.text).toContain('has no pull request');
    expect(f.telegram.answered).toContain(query);
    expect((await session(f.session.id)).status).toBe('running');
    expect(chatEvents(f.d)).toContainEqual(
      expect.objectContaining({
        command: `merge ${f.session.id}`,
        sessionId: f.session.id,
        outcome: 'failed',
      }),
    );
  });

  it('does nothing when a confirmation times out', async () => {
    const before = f.telegram.sent.length;
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: `kill ${f.session.id}` });
    const ask = await telegramSent(ALICE_TELEGRAM, before, /^Confirm: kill/);
    await telegramSent(ALICE_TELEGRAM, before, /^Expired: kill/);
    // The button and a late yes find nothing to confirm.
    const confirm = ask.buttons.find((b) => b.text === 'Confirm');
    f.telegram.pressButton({ from: ALICE_TELEGRAM, data: confirm?.data ?? '' });
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: 'yes' });
    await waitFor(
      () => f.telegram.sent.slice(before).filter((m) => /^Nothing to confirm/.test(m.text)).length === 2,
      'both answered "nothing to confirm"',
    );
    expect((await session(f.session.id)).status).toBe('running');
    expect(chatEvents(f.d)).toContainEqual(
      expect.objectContaining({ transport: 'telegram', command: `kill ${f.session.id}`, outcome: 'expired' }),
    );
    expect(chatEvents(f.d)).not.toContainEqual(
      expect.objectContaining({ command: `kill ${f.session.id}`, outcome: 'done' }),
    );
  });

  it('answers free text: no orchestrator runs', async () => {
    const before = f.telegram.sent.length;
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: 'which PR should I merge first?' });
    await telegramSent(ALICE_TELEGRAM, before, /Questions go to the orchestrator, and none runs now/);
  });
});

describe('escalations from chat', () => {
  /** An escalation made as the orchestrator makes it: the `escalate` tool through the MCP SDK client. */
  async function escalate(args: Record<string, unknown>): Promise<number> {
    const { token } = f.d.app.mcp.tokens.mint({ kind: 'orchestrator' });
    const c = await mcpClient(f.d.url, token);
    try {
      const r = parsed(await c.callTool({ name: 'escalate', arguments: args }));
      expect(r.isError, r.text).toBe(false);
      return (r.json as { escalation: { id: number } }).escalation.id;
    } finally {
      await c.close();
    }
  }
  const escalationOf = async (id: number) =>
    (await f.d.api<{ escalations: Escalation[] }>('GET', '/api/escalations?state=all')).body.escalations.find(
      (e) => e.id === id,
    );

  it('lists open escalations; accept, once confirmed, carries out the recommended action', async () => {
    const text = 'write the migration test before the fix';
    const id = await escalate({
      summary: 'The worker fixed the bug without a test.',
      recommendation: 'Ask it for a regression test.',
      action: { kind: 'send_message', session: f.session.id, text },
    });
    const before = f.slack.posts.length;
    await f.slack.sendMessage({ user: ALICE_SLACK, channel: ALICE_DM, text: 'escalations' });
    const listed = await slackPost(ALICE_DM, before, /^Escalations waiting/);
    expect(listed.text).toContain(`#${id} [${f.session.id}] The worker fixed the bug without a test.`);
    await f.slack.sendMessage({ user: ALICE_SLACK, channel: ALICE_DM, text: `accept #${id}` });
    await slackPost(ALICE_DM, before, new RegExp(`^Confirm: accept escalation ${id}`));
    expect((await escalationOf(id))?.resolution).toBeNull(); // nothing before the confirmation
    await f.slack.sendMessage({ user: ALICE_SLACK, channel: ALICE_DM, text: 'yes' });
    await slackPost(ALICE_DM, before, new RegExp(`^Escalation ${id}: accepted`));
    await waitFor(() => readMessages(f.p.messagesFile).includes(text), 'the agent received the message');
    expect((await escalationOf(id))?.resolution).toMatchObject({
      decision: 'accept',
      resolvedBy: `slack:${ALICE_SLACK}`,
    });
    // A second decision is refused before anything is asked.
    await f.slack.sendMessage({ user: ALICE_SLACK, channel: ALICE_DM, text: `reject ${id}` });
    await slackPost(ALICE_DM, before, new RegExp(`^Escalation ${id} is already settled \\(accept\\)`));
  });

  it('answers an escalation from Telegram; a bad number gets the usage', async () => {
    const id = await escalate({
      summary: 'Two designs are possible.',
      recommendation: 'Pick the smaller one.',
    });
    const before = f.telegram.sent.length;
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: 'answer x1 use the smaller one' });
    await telegramSent(ALICE_TELEGRAM, before, /^Usage: answer <escalation number> <text>/);
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: `/answer ${id} use the smaller one` });
    await telegramSent(ALICE_TELEGRAM, before, new RegExp(`^Confirm: answer escalation ${id}`));
    f.telegram.sendText({ from: ALICE_TELEGRAM, text: 'yes' });
    await telegramSent(ALICE_TELEGRAM, before, new RegExp(`^Escalation ${id}: answered`));
    expect((await escalationOf(id))?.resolution).toMatchObject({
      decision: 'answer',
      text: 'use the smaller one',
    });
    expect(chatEvents(f.d)).toContainEqual(
      expect.objectContaining({ transport: 'telegram', command: `answer #${id}`, outcome: 'done' }),
    );
  });
});
