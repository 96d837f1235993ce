import type { Readable } from 'node:stream';
import type { Session } from '@ao/shared/session';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FastDaemon, startFast } from './harness';

interface SseMessage {
  id: string | undefined;
  event: string | undefined;
  data: { [key: string]: unknown };
}

/**
 * `GET /api/events` through `app.inject()`: the stream is hijacked and never ends, so the reply is read as a stream
 * (`payloadAsStream`) and the request aborted when done (the route unsubscribes on the request's close).
 */
async function openEvents(d: FastDaemon, headers: Record<string, string> = {}, url = '/api/events') {
  const controller = new AbortController();
  const res = await d.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${d.token}`, ...headers },
    payloadAsStream: true,
    signal: controller.signal,
  });
  const messages: SseMessage[] = [];
  const parser = createParser({
    onEvent: (ev) => messages.push({ id: ev.id, event: ev.event, data: JSON.parse(ev.data) }),
  });
  const stream = res.stream() as Readable;
  stream.on('data', (chunk: Buffer) => parser.feed(chunk.toString('utf8')));
  stream.on('error', () => undefined); // the abort below
  return {
    status: res.statusCode,
    headers: res.headers,
    messages,
    close: () => controller.abort(),
  };
}

describe('GET /api/events over inject', () => {
  let d: FastDaemon;
  beforeAll(async () => {
    d = await startFast();
  });
  afterAll(() => d.close());

  it('a snapshot first (sessions and projects), then live events of the session as it moves', async () => {
    const existing = await d.spawn({ prompt: 'before the stream' });
    const sse = await openEvents(d);
    expect(sse.status).toBe(200);
    expect(String(sse.headers['content-type'])).toContain('text/event-stream');
    await d.until(() => sse.messages.length >= 1, 'the snapshot');
    const snapshot = sse.messages[0] as SseMessage;
    expect(snapshot.event).toBe('snapshot');
    expect(snapshot.data.lastEventId).toBe(Number(snapshot.id));
    expect((snapshot.data.sessions as Session[]).map((s) => s.id)).toEqual([existing.id]);
    expect(snapshot.data.projects).toMatchObject([{ id: 'fast' }]);

    d.agent.turn(existing.id, 'before the stream');
    await d.until(() => sse.messages.some((m) => m.event === 'session.activity'), 'the activity event');
    const activity = sse.messages.find((m) => m.event === 'session.activity');
    expect(activity?.data).toMatchObject({
      type: 'session.activity',
      data: { from: 'starting', to: 'working', session: { id: existing.id } },
    });
    const ids = sse.messages.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    sse.close();
  });

  it('replays exactly what a client missed after Last-Event-ID (header or query), no snapshot, then goes live', async () => {
    for (const how of ['header', 'query'] as const) {
      const last = d.app.bus.lastId();
      const s = await d.spawn({ prompt: `while away (${how})` });
      d.runtime.exit(s.id, 3);
      await d.until(async () => (await d.get(s.id)).status === 'exited', 'exited');
      await d.app.reactions.idle(); // the agent_exited reaction's events are part of what was missed
      const missed = d.app.bus.since(last).map((e) => e.id);
      expect(missed.length).toBeGreaterThan(2);

      const sse =
        how === 'header'
          ? await openEvents(d, { 'last-event-id': String(last) })
          : await openEvents(d, {}, `/api/events?lastEventId=${last}`);
      await d.until(() => sse.messages.length >= missed.length, `the replay (${how})`);
      expect(
        sse.messages.map((m) => Number(m.id)),
        how,
      ).toEqual(missed);
      expect(sse.messages.some((m) => m.event === 'snapshot')).toBe(false);
      expect(sse.messages.findLast((m) => m.event === 'session.status_changed')?.data).toMatchObject({
        data: { from: 'running', to: 'exited', session: { id: s.id, exit: { code: 3 } } },
      });

      const restored = await d.inject('POST', `/api/sessions/${s.id}/restore`);
      expect(restored.status).toBe(200);
      await d.until(() => sse.messages.length > missed.length, `live after the replay (${how})`);
      expect(Number(sse.messages[missed.length]?.id)).toBeGreaterThan(missed.at(-1) ?? 0);
      sse.close();
    }
  });

  it('a client too far behind (or with a bad id) gets a snapshot', async () => {
    const sse = await openEvents(d, { 'last-event-id': 'not-a-number' });
    await d.until(() => sse.messages.length >= 1, 'the snapshot');
    expect(sse.messages[0]?.event).toBe('snapshot');
    sse.close();
    const bad = await d.inject<{ error: { field?: string } }>(
      'GET',
      `/api/events?lastEventId=${'9'.repeat(41)}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('lastEventId');
  });

  it('closing the stream unsubscribes it', async () => {
    const before = listenerCount(d);
    const sse = await openEvents(d);
    await d.until(() => sse.messages.length >= 1, 'the snapshot');
    expect(listenerCount(d)).toBe(before + 1);
    sse.close();
    await d.until(() => listenerCount(d) === before, 'unsubscribed');
  });
});

/** Subscribers of the event bus (the SSE streams and the daemon's own). */
const listenerCount = (d: FastDaemon) => (d.app.bus as unknown as { listeners: Set<unknown> }).listeners.size;
