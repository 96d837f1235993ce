import type { SlackChatopsConfig } from '@ao/shared/config-chatops';
import type { Logger } from '@ao/shared/plugin';
import { slackAllowed } from './allow-list';
import type { ChatFrom, ChatReply, Reply } from './chat-ops';
import { escapeSlack } from './chat-text';
import { type ChatTransport, STOP_TIMEOUT_MS, type TransportDeps, withTimeout } from './transport';

const CONFIRM = 'ao_chatops_confirm';
const CANCEL = 'ao_chatops_cancel';

/**
 * Slack through `@slack/bolt` in Socket Mode: ao opens the WebSocket (`apps.connections.open` with the app token),
 * so no public URL is needed. Messages in direct messages and allow-listed channels are commands; Confirm / Cancel
 * buttons answer confirmations. `@slack/bolt` is loaded only when Slack is enabled.
 */
export async function startSlack(cfg: SlackChatopsConfig, deps: TransportDeps): Promise<ChatTransport> {
  const { App, LogLevel } = await import('@slack/bolt');
  const clientOptions = cfg.apiUrl
    ? { slackApiUrl: cfg.apiUrl.endsWith('/') ? cfg.apiUrl : `${cfg.apiUrl}/` }
    : {};
  const app = new App({
    token: cfg.botToken,
    appToken: cfg.appToken,
    socketMode: true,
    clientOptions,
    logger: boltLogger(deps.logger, LogLevel.WARN),
  });
  const replier =
    (channel: string): Reply =>
    async (reply) => {
      await app.client.chat.postMessage({ channel, ...slackReply(reply) });
    };

  app.message(async ({ message }) => {
    // Plain user messages only: edits, joins and bot messages (ao's own replies among them) carry a subtype.
    if (message.subtype !== undefined || typeof message.text !== 'string' || !message.user) return;
    const from: ChatFrom = { transport: 'slack', user: message.user, channel: message.channel };
    const allowed = slackAllowed(cfg, message.user, message.channel, message.channel_type);
    await deps.ops.onMessage(from, allowed, message.text, replier(message.channel));
  });

  app.action({ type: 'block_actions', action_id: new RegExp(`^(${CONFIRM}|${CANCEL})$`) }, async (args) => {
    await args.ack();
    const { body, action } = args;
    const channel = body.channel?.id;
    if (!channel || action.type !== 'button' || typeof action.value !== 'string') return;
    const from: ChatFrom = { transport: 'slack', user: body.user.id, channel };
    const allowed = slackAllowed(cfg, body.user.id, channel);
    await deps.ops.onButton(from, allowed, action.value, action.action_id === CONFIRM, replier(channel));
  });

  app.error(async (err) => deps.logger.warn({ err: err.message }, 'chat-ops: Slack handler failed'));
  return { ready: app.start().then(() => undefined), stop: () => withTimeout(app.stop(), STOP_TIMEOUT_MS) };
}

/** A reply as Slack `chat.postMessage` arguments: escaped text, and buttons when it asks to confirm. */
export function slackReply(reply: ChatReply) {
  const text = escapeSlack(reply.text);
  if (!reply.confirmToken) return { text };
  const button = (label: string, actionId: string, style: 'primary' | 'danger') => ({
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: label },
    action_id: actionId,
    value: reply.confirmToken,
    style,
  });
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [button('Confirm', CONFIRM, 'primary'), button('Cancel', CANCEL, 'danger')],
      },
    ],
  };
}

/** Bolt's logger interface over ao's log (bolt's own chatter below `level` is dropped). */
function boltLogger(logger: Logger, level: string) {
  let current = level;
  const at =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const order = ['debug', 'info', 'warn', 'error'];
      if (order.indexOf(name) >= order.indexOf(current))
        logger[name]({ slack: msg.map(String).join(' ') }, 'slack');
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: string) => {
      current = l;
    },
    getLevel: () => current as never,
    setName: () => undefined,
  };
}
