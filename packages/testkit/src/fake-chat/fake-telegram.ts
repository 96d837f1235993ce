import { randomInt } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readParams, sendJson } from './http-json';

export interface TelegramChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
}

/** A message the bot sent (`sendMessage`), with its inline keyboard's callback data when it has one. */
export interface TelegramSent {
  chatId: number;
  text: string;
  buttons: Array<{ text: string; data: string }>;
}

export interface FakeTelegram {
  /** The Bot API root (grammy's `client.apiRoot`), without a trailing slash. */
  apiRoot: string;
  token: string;
  sent: TelegramSent[];
  /** `answerCallbackQuery` calls, by callback query id. */
  answered: string[];
  /** Methods called with the right token, in order. */
  calls: string[];
  /** Requests refused with a 401 (a wrong token). */
  unauthorized(): number;
  /** A user's text message, as an update the next `getUpdates` returns. */
  sendText(m: { from: number; chat?: TelegramChat; text: string }): void;
  /** A press on an inline keyboard button (a `callback_query` update). */
  pressButton(p: { from: number; chat?: TelegramChat; data: string }): string;
  /** Long polls waiting now. */
  polling(): number;
  close(): Promise<void>;
}

const BOT = { id: 7000001, is_bot: true, first_name: 'ao', username: 'ao_test_bot' };

/**
 * A local Telegram Bot API for the real `grammy`: `/bot<token>/<method>` with JSON bodies; `getUpdates` long-polls
 * (held until an update arrives or its `timeout` passes, confirming updates below `offset`), `sendMessage`,
 * `answerCallbackQuery`, `getMe`, `deleteWebhook`. A wrong token gets Telegram's 401.
 */
export async function startFakeTelegram(): Promise<FakeTelegram> {
  const token = `${randomInt(100000, 999999)}:AAtest${randomInt(1e9)}`;
  const sent: TelegramSent[] = [];
  const answered: string[] = [];
  const calls: string[] = [];
  const updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  const waiting = new Set<() => void>();
  const sockets = new Set<Socket>();
  let unauthorized = 0;
  let nextUpdate = 1;
  let nextMessage = 1;
  const wake = () => {
    for (const w of [...waiting]) w();
  };

  const poll = async (res: ServerResponse, params: Record<string, unknown>) => {
    const offset = Number(params.offset ?? 0);
    if (offset > 0) while (updates[0] && updates[0].update_id < offset) updates.shift();
    const limit = Math.min(100, Number(params.limit ?? 100));
    const timeoutMs = Math.min(50, Number(params.timeout ?? 0)) * 1000;
    if (updates.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        waiting.add(done);
        res.on('close', done);
      });
    }
    if (res.destroyed) return;
    sendJson(res, 200, { ok: true, result: updates.slice(0, limit) });
  };

  const server = createServer(async (req, res) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    const params = await readParams(req);
    if (!match || match[1] !== token) {
      unauthorized++;
      return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const method = match[2] ?? '';
    calls.push(method);
    if (method === 'getMe')
      return sendJson(res, 200, {
        ok: true,
        result: {
          ...BOT,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        },
      });
    if (method === 'deleteWebhook') return sendJson(res, 200, { ok: true, result: true });
    if (method === 'getUpdates') return poll(res, params);
    if (method === 'sendMessage') {
      const chatId = Number(params.chat_id);
      const markup = params.reply_markup as {
        inline_keyboard?: Array<Array<{ text: string; callback_data: string }>>;
      };
      const buttons = (markup?.inline_keyboard ?? [])
        .flat()
        .map((b) => ({ text: b.text, data: b.callback_data }));
      sent.push({ chatId, text: String(params.text ?? ''), buttons });
      const message = {
        message_id: nextMessage++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: chatId > 0 ? 'private' : 'group' },
        from: BOT,
        text: params.text,
      };
      return sendJson(res, 200, { ok: true, result: message });
    }
    if (method === 'answerCallbackQuery') {
      answered.push(String(params.callback_query_id));
      return sendJson(res, 200, { ok: true, result: true });
    }
    return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const user = (id: number) => ({ id, is_bot: false, first_name: `user${id}` });
  const chatOf = (from: number, chat?: TelegramChat) => chat ?? { id: from, type: 'private' as const };

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    sent,
    answered,
    calls,
    unauthorized: () => unauthorized,
    sendText({ from, chat, text }) {
      const date = Math.floor(Date.now() / 1000);
      updates.push({
        update_id: nextUpdate++,
        message: { message_id: nextMessage++, date, chat: chatOf(from, chat), from: user(from), text },
      });
      wake();
    },
    pressButton({ from, chat, data }) {
      const id = String(randomInt(1e12));
      const date = Math.floor(Date.now() / 1000);
      updates.push({
        update_id: nextUpdate++,
        callback_query: {
          id,
          from: user(from),
          chat_instance: '1',
          data,
          message: { message_id: nextMessage++, date, chat: chatOf(from, chat), from: BOT, text: 'Confirm?' },
        },
      });
      wake();
      return id;
    },
    polling: () => waiting.size,
    async close() {
      wake();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
