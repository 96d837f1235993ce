import type { Notification, Notifier } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { notifierWebhook } from '../../src/plugins/notifier-webhook';
import { MemoryNotificationLog, NotificationRouter } from '../../src/reactions';
import { exec } from '../../src/util/exec';
import { recordingLogger, silentLogger, startReceiver } from './http-receiver';

class Recorder implements Notifier {
  readonly got: string[] = [];
  failuresLeft: number;
  constructor(failures = 0) {
    this.failuresLeft = failures;
  }
  async send(n: Notification): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('channel down');
    }
    this.got.push(n.id);
  }
}

const note = (id: string, priority: Notification['priority']): Notification => ({
  id,
  priority,
  title: id,
  body: '',
});
const routing = { urgent: ['desktop', 'slack'], action: ['desktop'], warning: ['slack'], info: [] };

describe('NotificationRouter', () => {
  it('routes by priority, or to the channels a reaction names', async () => {
    const desktop = new Recorder();
    const slack = new Recorder();
    const channels = new Map<string, Notifier>([
      ['desktop', desktop],
      ['slack', slack],
    ]);
    const router = new NotificationRouter({
      channels,
      routing,
      log: new MemoryNotificationLog(),
      logger: silentLogger,
    });
    expect((await router.send(note('u', 'urgent'))).sent.sort()).toEqual(['desktop', 'slack']);
    await router.send(note('a', 'action'));
    await router.send(note('w', 'warning'));
    expect(await router.send(note('i', 'info'))).toEqual({ sent: [], skipped: [], failed: [] });
    await router.send(note('x', 'info'), ['slack']);
    expect(desktop.got).toEqual(['u', 'a']);
    expect(slack.got).toEqual(['u', 'w', 'x']);
  });

  it('never sends the same id twice to a channel, even concurrently; a failed channel is retried', async () => {
    const desktop = new Recorder();
    const slack = new Recorder(1);
    const log = new MemoryNotificationLog();
    const channels = new Map<string, Notifier>([
      ['desktop', desktop],
      ['slack', slack],
    ]);
    const router = new NotificationRouter({ channels, routing, log, logger: silentLogger });
    const [a, b] = await Promise.all([router.send(note('n1', 'urgent')), router.send(note('n1', 'urgent'))]);
    expect([...a.sent, ...b.sent].filter((c) => c === 'desktop')).toHaveLength(1);
    expect([...a.failed, ...b.failed].map((f) => f.channel)).toContain('slack');
    const again = await router.send(note('n1', 'urgent'));
    expect(again).toEqual({ sent: ['slack'], skipped: ['desktop'], failed: [] });
    expect(await router.send(note('n1', 'urgent'))).toMatchObject({
      sent: [],
      skipped: ['desktop', 'slack'],
    });
    expect(desktop.got).toEqual(['n1']);
    expect(slack.got).toEqual(['n1']);
    // A new router over the same log (a daemon restart) still remembers.
    const after = new NotificationRouter({ channels, routing, log, logger: silentLogger });
    expect((await after.send(note('n1', 'urgent'))).sent).toEqual([]);
  });

  it('reports a channel nobody configured', async () => {
    const { lines, logger } = recordingLogger();
    const router = new NotificationRouter({
      channels: new Map(),
      routing,
      log: new MemoryNotificationLog(),
      logger,
    });
    expect(await router.send(note('z', 'action'))).toEqual({
      sent: [],
      skipped: [],
      failed: [{ channel: 'desktop', error: 'unknown notifier' }],
    });
    expect(lines[0]?.level).toBe('warn');
  });

  it('delivers through the real webhook notifier once, across retries', async () => {
    const r = await startReceiver([503, 200]);
    try {
      const webhook = notifierWebhook.create(
        notifierWebhook.configSchema.parse({ url: r.url, secret: 'x'.repeat(16), baseDelayMs: 10 }),
        { dataDir: '/nonexistent', logger: silentLogger, exec },
      );
      const router = new NotificationRouter({
        channels: new Map([['webhook', webhook]]),
        routing: { urgent: ['webhook'], action: [], warning: [], info: [] },
        log: new MemoryNotificationLog(),
        logger: silentLogger,
      });
      expect((await router.send(note('w1', 'urgent'))).sent).toEqual(['webhook']);
      expect((await router.send(note('w1', 'urgent'))).skipped).toEqual(['webhook']);
      expect(r.requests.map((q) => JSON.parse(q.body).id)).toEqual(['w1', 'w1']); // the 503, then the success
    } finally {
      await r.close();
    }
  });
});
