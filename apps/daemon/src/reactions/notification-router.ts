import type { Priority } from '@ao/shared/config-reactions';
import type { Logger, Notification, Notifier } from '@ao/shared/plugin';

/** Which (notification id, channel) pairs were delivered; the lead backs it with SQLite (`notifications_sent`). */
export interface NotificationLog {
  has(id: string, channel: string): boolean;
  add(id: string, channel: string, at: string): void;
}

export class MemoryNotificationLog implements NotificationLog {
  readonly sent = new Map<string, string>();
  has(id: string, channel: string): boolean {
    return this.sent.has(`${id}\u0000${channel}`);
  }
  add(id: string, channel: string, at: string): void {
    this.sent.set(`${id}\u0000${channel}`, at);
  }
}

export interface RouteResult {
  sent: string[];
  /** Channels that already had this id. */
  skipped: string[];
  failed: Array<{ channel: string; error: string }>;
}

export interface NotificationRouterOptions {
  /** Notifier instances by name (`desktop`, `slack`, `webhook`, or a plugin's name). */
  channels: ReadonlyMap<string, Notifier>;
  routing: Record<Priority, string[]>;
  log: NotificationLog;
  logger: Logger;
  now?: () => Date;
}

/**
 * Sends each notification to the channels its priority routes to (or the channels given), each at most once per id:
 * a channel that succeeded is recorded and never sent that id again; one that failed is retried on the next send.
 */
export class NotificationRouter {
  private readonly inFlight = new Set<string>();
  constructor(private readonly opts: NotificationRouterOptions) {}

  async send(n: Notification, channels?: readonly string[] | null): Promise<RouteResult> {
    const targets = [...new Set(channels ?? this.opts.routing[n.priority])];
    const result: RouteResult = { sent: [], skipped: [], failed: [] };
    await Promise.all(targets.map((name) => this.sendOne(name, n, result)));
    return result;
  }

  private async sendOne(name: string, n: Notification, result: RouteResult): Promise<void> {
    const notifier = this.opts.channels.get(name);
    if (!notifier) {
      this.opts.logger.warn({ channel: name, id: n.id }, 'notification routed to an unknown notifier');
      result.failed.push({ channel: name, error: 'unknown notifier' });
      return;
    }
    const slot = `${n.id}\u0000${name}`;
    if (this.opts.log.has(n.id, name) || this.inFlight.has(slot)) {
      result.skipped.push(name);
      return;
    }
    this.inFlight.add(slot);
    try {
      await notifier.send(n);
      this.opts.log.add(n.id, name, (this.opts.now?.() ?? new Date()).toISOString());
      result.sent.push(name);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.opts.logger.warn({ channel: name, id: n.id, err: error }, 'notification failed');
      result.failed.push({ channel: name, error });
    } finally {
      this.inFlight.delete(slot);
    }
  }
}
