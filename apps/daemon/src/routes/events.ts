import type { AoEvent } from '@ao/shared/events';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services';

const HEARTBEAT_MS = 15_000;
const MAX_REPLAY = 10_000;

/**
 * `GET /api/events`: Server-Sent Events. A snapshot first (or a replay of what the client missed since
 * `Last-Event-ID`), then live events, a heartbeat comment every 15 s. Events are pushed, never polled.
 */
export function eventRoutes(app: FastifyInstance, s: Services): void {
  app.get('/api/events', (req, reply) => {
    const header = req.headers['last-event-id'];
    const query = (req.query as { lastEventId?: string }).lastEventId;
    const raw = (Array.isArray(header) ? header[0] : header) ?? query;
    const lastSeen = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const write = (chunk: string) => {
      if (!res.destroyed) res.write(chunk);
    };
    const send = (event: AoEvent) =>
      write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);

    // Subscribe first and buffer, so nothing committed between the replay query and the subscription is lost.
    const buffered: AoEvent[] = [];
    let live = false;
    let highest = 0;
    const unsubscribe = s.bus.subscribe((event) => {
      if (!live) buffered.push(event);
      else if (event.id > highest) {
        highest = event.id;
        send(event);
      }
    });

    write('retry: 2000\n\n');
    const missed = lastSeen === null ? null : s.bus.since(lastSeen, MAX_REPLAY + 1);
    if (missed && missed.length <= MAX_REPLAY) {
      for (const event of missed) send(event);
      highest = missed.at(-1)?.id ?? lastSeen ?? 0;
    } else {
      highest = s.bus.lastId();
      const snapshot = { lastEventId: highest, sessions: s.store.list(), projects: s.projects.list() };
      write(`id: ${highest}\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    }
    for (const event of buffered) {
      if (event.id > highest) {
        highest = event.id;
        send(event);
      }
    }
    live = true;

    const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.raw.on('close', close);
    res.on('error', close);
  });
}
