import type { AoEvent } from '@ao/shared/events';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas';

const HEARTBEAT_MS = 15_000;
const MAX_REPLAY = 10_000;

/**
 * `GET /api/events`: Server-Sent Events. A snapshot first (or a replay of what the client missed since
 * `Last-Event-ID`), then live events, a heartbeat comment every 15 s. Events are pushed, never polled.
 */
const eventsQuery = z.object({ lastEventId: z.string().max(40).optional() });

export async function eventRoutes(app: FastifyInstance): Promise<void> {
  const { bus, sessions, projects, escalations } = app;
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/events', { schema: { querystring: eventsQuery } }, (req, reply) => {
      const header = req.headers['last-event-id'];
      const query = req.query.lastEventId;
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
      const unsubscribe = bus.subscribe((event) => {
        if (!live) buffered.push(event);
        else if (event.id > highest) {
          highest = event.id;
          send(event);
        }
      });

      write('retry: 2000\n\n');
      const missed = lastSeen === null ? null : bus.since(lastSeen, MAX_REPLAY + 1);
      if (missed && missed.length <= MAX_REPLAY) {
        for (const event of missed) send(event);
        highest = missed.at(-1)?.id ?? lastSeen ?? 0;
      } else {
        highest = bus.lastId();
        const snapshot = {
          lastEventId: highest,
          sessions: sessions.list(),
          projects: projects.list(),
          escalations: escalations.list('open'),
        };
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
