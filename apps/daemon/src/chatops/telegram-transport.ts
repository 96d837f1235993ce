import type { TelegramChatopsConfig } from '@ao/shared/config-chatops';
import { telegramAllowed } from './allow-list';
import type { ChatFrom, ChatReply } from './chat-ops';
import { type ChatTransport, STOP_TIMEOUT_MS, type TransportDeps, withTimeout } from './transport';

/**
 * Telegram through `grammy` with long polling (`getUpdates`): no public URL needed. Text messages in private chats
 * and allow-listed chats are commands; an inline keyboard (Confirm / Cancel) answers confirmations. Replies are plain
 * text (no parse mode), so nothing from a session can format or link. `grammy` is loaded only when enabled.
 */
export async function startTelegram(cfg: TelegramChatopsConfig, deps: TransportDeps): Promise<ChatTransport> {
  const { Bot, InlineKeyboard } = await import('grammy');
  const bot = new Bot(cfg.token ?? '', { client: cfg.apiRoot ? { apiRoot: cfg.apiRoot } : {} });
  const options = (reply: ChatReply) =>
    reply.confirmToken
      ? {
          reply_markup: new InlineKeyboard()
            .text('Confirm', `y:${reply.confirmToken}`)
            .text('Cancel', `n:${reply.confirmToken}`),
        }
      : {};

  bot.on('message:text', async (ctx) => {
    const from: ChatFrom = { transport: 'telegram', user: String(ctx.from.id), channel: String(ctx.chat.id) };
    const allowed = telegramAllowed(cfg, ctx.from.id, ctx.chat.id, ctx.chat.type);
    await deps.ops.onMessage(from, allowed, ctx.message.text, async (reply) => {
      await ctx.reply(reply.text, options(reply));
    });
  });

  bot.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery();
    const chat = ctx.chat;
    const match = /^([yn]):([0-9a-f]{16})$/.exec(ctx.callbackQuery.data);
    if (!chat || !match?.[1] || !match[2]) return;
    const from: ChatFrom = { transport: 'telegram', user: String(ctx.from.id), channel: String(chat.id) };
    const allowed = telegramAllowed(cfg, ctx.from.id, chat.id, chat.type);
    await deps.ops.onButton(from, allowed, match[2], match[1] === 'y', async (reply) => {
      await ctx.reply(reply.text, options(reply));
    });
  });

  bot.catch((err) => deps.logger.warn({ err: err.message }, 'chat-ops: Telegram handler failed'));
  let stopped = false;
  const ready = (async () => {
    // getMe by hand, retried until it answers or ao stops (grammy's own start would retry it unstoppably).
    for (let delayMs = 1000; !bot.isInited(); delayMs = Math.min(delayMs * 2, 30_000)) {
      if (stopped) return;
      try {
        bot.botInfo = await bot.api.getMe();
      } catch (err) {
        if ((err as { error_code?: number }).error_code === 401)
          throw new Error('Telegram refused the bot token');
        deps.logger.warn({ err: (err as Error).message }, 'chat-ops: Telegram unreachable; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
    if (stopped) return;
    await new Promise<void>((resolve, reject) => {
      bot
        .start({ allowed_updates: ['message', 'callback_query'], onStart: () => resolve() })
        .catch((err: Error) => {
          deps.logger.error({ err: err.message }, 'chat-ops: Telegram polling stopped');
          reject(err);
        });
    });
  })();
  const stop = async () => {
    stopped = true;
    if (bot.isRunning()) await withTimeout(bot.stop(), STOP_TIMEOUT_MS);
  };
  return { ready, stop };
}
