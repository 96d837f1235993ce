import { openSse, waitFor } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

describe('GET /api/events', () => {
  let d: TestDaemon;
  let auth: Record<string, string>;
  beforeAll(async () => {
    d = await startTestDaemon();
    auth = { authorization: `Bearer ${d.token}` };
  });
  afterAll(() => d.stop());

  it('sends a snapshot first, then live events with increasing ids', async () => {
    const sse = openSse(`${d.url}/api/events`, auth);
    await waitFor(() => sse.messages.find((m) => m.event === 'snapshot'), 'snapshot');
    const snapshot = sse.messages[0];
    expect(snapshot?.event).toBe('snapshot');
    expect(snapshot?.data).toMatchObject({ sessions: [], projects: [] });
    d.app.bus.emit('daemon.recovered', { alive: 1, lost: 0, orphans: 0, restored: [] });
    d.app.bus.emit('daemon.recovered', { alive: 2, lost: 0, orphans: 0, restored: [] });
    await waitFor(() => sse.messages.length >= 3, 'two live events');
    const [a, b] = sse.messages.slice(1);
    expect(a?.event).toBe('daemon.recovered');
    expect(Number(b?.id)).toBeGreaterThan(Number(a?.id));
    expect(b?.data).toMatchObject({ type: 'daemon.recovered', data: { alive: 2 } });
    sse.close();
  });

  it('replays exactly what a client missed after Last-Event-ID', async () => {
    const last = d.app.bus.lastId();
    for (let i = 0; i < 5; i++)
      d.app.bus.emit('daemon.recovered', { alive: 100 + i, lost: 0, orphans: 0, restored: [] });
    const sse = openSse(`${d.url}/api/events`, { ...auth, 'last-event-id': String(last + 2) });
    await waitFor(() => sse.messages.length >= 3, 'replay');
    expect(sse.messages.map((m) => Number(m.id))).toEqual([last + 3, last + 4, last + 5]);
    expect(sse.messages.some((m) => m.event === 'snapshot')).toBe(false);
    d.app.bus.emit('daemon.recovered', { alive: 200, lost: 0, orphans: 0, restored: [] });
    await waitFor(() => sse.messages.length >= 4, 'live after replay');
    expect(Number(sse.messages[3]?.id)).toBe(last + 6);
    sse.close();
  });

  it('needs the token', async () => {
    const res = await fetch(`${d.url}/api/events`);
    expect(res.status).toBe(401);
  });
});
