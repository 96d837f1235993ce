import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { readParams, sendJson } from './http-json';

/** A message the bot posted through `chat.postMessage`. */
export interface SlackPost {
  channel: string;
  text: string;
  blocks: unknown[] | null;
}

export interface FakeSlack {
  /** The Web API base (`slackApiUrl`), ending in `/`. */
  apiUrl: string;
  appToken: string;
  botToken: string;
  posts: SlackPost[];
  /** Envelope ids the client acknowledged. */
  acks: Set<string>;
  /** Socket Mode connections open now. */
  connections(): number;
  /** A user's message as an `events_api` envelope; resolves with its envelope id once the client acks it. */
  sendMessage(m: {
    user: string;
    channel: string;
    text: string;
    channelType?: 'im' | 'channel';
  }): Promise<string>;
  /** A button press (`interactive` envelope, `block_actions`), acked like a message. */
  pressButton(p: { user: string; channel: string; actionId: string; value: string }): Promise<string>;
  /** Web API calls by method, in order. */
  calls: Array<{ method: string; params: Record<string, unknown> }>;
  close(): Promise<void>;
}

const TEAM = 'T0AOTEST';
const BOT_USER = 'U0AOBOT';
const APP = 'A0AOAPP';

/**
 * A local Slack speaking Socket Mode to the real `@slack/bolt`: `apps.connections.open` (app token) answers a
 * `ws://` URL; the WebSocket sends `hello`, then `events_api` / `interactive` envelopes the client must ack with
 * their `envelope_id`; the Web API (`auth.test`, `chat.postMessage`) is served over HTTP with the bot token.
 */
export async function startFakeSlack(): Promise<FakeSlack> {
  const appToken = `xapp-1-${APP}-${randomUUID()}`;
  const botToken = `xoxb-${randomUUID()}`;
  const posts: SlackPost[] = [];
  const calls: FakeSlack['calls'] = [];
  const acks = new Set<string>();
  const ackWaiters = new Map<string, () => void>();
  const sockets = new Set<Socket>();
  const clients = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });

  const server = createServer(async (req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const params = await readParams(req);
    calls.push({ method, params });
    const auth = req.headers.authorization ?? `Bearer ${String(params.token ?? '')}`;
    if (method === 'apps.connections.open') {
      if (auth !== `Bearer ${appToken}`) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
      return sendJson(res, 200, { ok: true, url: `ws://127.0.0.1:${port()}/link/?ticket=${randomUUID()}` });
    }
    if (auth !== `Bearer ${botToken}`) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    if (method === 'auth.test')
      return sendJson(res, 200, {
        ok: true,
        url: 'https://aotest.slack.com/',
        team: 'ao test',
        user: 'ao',
        team_id: TEAM,
        user_id: BOT_USER,
        bot_id: 'B0AOBOT',
        is_enterprise_install: false,
      });
    if (method === 'chat.postMessage') {
      const post = {
        channel: String(params.channel),
        text: String(params.text ?? ''),
        blocks: Array.isArray(params.blocks) ? params.blocks : null,
      };
      posts.push(post);
      const ts = `${Math.floor(Date.now() / 1000)}.${String(posts.length).padStart(6, '0')}`;
      return sendJson(res, 200, { ok: true, channel: post.channel, ts, message: { text: post.text, ts } });
    }
    return sendJson(res, 200, { ok: false, error: 'unknown_method' });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/link/')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string };
        if (!msg.envelope_id) return;
        acks.add(msg.envelope_id);
        ackWaiters.get(msg.envelope_id)?.();
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: APP } }));
    });
  });
  // Slack pings its clients; @slack/socket-mode reconnects when it hears none for 30 s.
  const pinger = setInterval(() => {
    for (const ws of clients) ws.ping();
  }, 5000);
  pinger.unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;

  const deliver = (envelope: Record<string, unknown>): Promise<string> => {
    const id = randomUUID();
    const ws = [...clients][0];
    if (!ws) return Promise.reject(new Error('no Socket Mode client is connected'));
    const acked = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`envelope ${id} was not acked`)), 10_000);
      ackWaiters.set(id, () => {
        clearTimeout(timer);
        ackWaiters.delete(id);
        resolve(id);
      });
    });
    ws.send(JSON.stringify({ ...envelope, envelope_id: id }));
    return acked;
  };

  return {
    apiUrl: `http://127.0.0.1:${port()}/api/`,
    appToken,
    botToken,
    posts,
    acks,
    calls,
    connections: () => clients.size,
    sendMessage({ user, channel, text, channelType = 'im' }) {
      const ts = `${(Date.now() / 1000).toFixed(6)}`;
      return deliver({
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          token: 'legacy',
          team_id: TEAM,
          api_app_id: APP,
          type: 'event_callback',
          event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
          event_time: Math.floor(Date.now() / 1000),
          authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
          event: {
            type: 'message',
            channel,
            user,
            text,
            ts,
            event_ts: ts,
            channel_type: channelType,
            team: TEAM,
          },
        },
      });
    },
    pressButton({ user, channel, actionId, value }) {
      return deliver({
        type: 'interactive',
        accepts_response_payload: false,
        payload: {
          type: 'block_actions',
          team: { id: TEAM, domain: 'aotest' },
          user: { id: user, username: user, name: user, team_id: TEAM },
          api_app_id: APP,
          token: 'legacy',
          container: { type: 'message', message_ts: '1.000001', channel_id: channel, is_ephemeral: false },
          trigger_id: `${Date.now()}.trigger`,
          channel: { id: channel, name: channel },
          response_url: `http://127.0.0.1:${port()}/response/`,
          actions: [
            {
              type: 'button',
              action_id: actionId,
              block_id: 'b1',
              value,
              text: { type: 'plain_text', text: 'Confirm' },
              action_ts: `${(Date.now() / 1000).toFixed(6)}`,
            },
          ],
        },
      });
    },
    async close() {
      clearInterval(pinger);
      for (const ws of clients) ws.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
