import { type AoEvent, eventTypes, type Snapshot } from '@ao/shared/events';
import { takeEarlyFeed } from './early-feed';

export type FeedStatus = 'connecting' | 'live' | 'down';

export interface FeedHandlers {
  snapshot(s: Snapshot): void;
  event(e: AoEvent): void;
  status(s: FeedStatus): void;
  /** The stream was refused and `/api/auth/me` says 401: the user must log in again. */
  unauthorized(): void;
  /** The id to resume from when the feed has to reconnect by itself (0: ask for a snapshot). */
  lastEventId(): number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function parseSnapshot(raw: string): Snapshot | null {
  const v: unknown = JSON.parse(raw);
  if (!isRecord(v) || typeof v['lastEventId'] !== 'number') return null;
  if (!Array.isArray(v['sessions']) || !Array.isArray(v['projects'])) return null;
  return v as Snapshot;
}

export function parseEvent(raw: string): AoEvent | null {
  const v: unknown = JSON.parse(raw);
  if (!isRecord(v) || typeof v['id'] !== 'number' || typeof v['type'] !== 'string' || !isRecord(v['data'])) {
    return null;
  }
  return v as AoEvent;
}

function safely<T>(parse: (raw: string) => T | null, raw: string): T | null {
  try {
    return parse(raw);
  } catch (e) {
    console.warn('ao: unparsable stream message', e);
    return null;
  }
}

/** The delay before the n-th manual reconnect: 1 s, 2 s, 4 s, ... up to 15 s. */
export function backoff(attempt: number): number {
  return Math.min(15_000, 1000 * 2 ** Math.max(0, attempt));
}

/**
 * The daemon's SSE stream (`/api/events`). EventSource reconnects by itself after a network drop and sends
 * `Last-Event-ID`; when the browser gives up (the daemon answered an error, e.g. while restarting), this opens a new
 * stream with `?lastEventId=` so nothing is missed, and checks whether the login expired.
 */
export class EventFeed {
  private es: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private closed = false;

  constructor(private readonly h: FeedHandlers) {}

  start(): void {
    performance.mark('ao:feed-start'); // read by bench/web-board.mjs: when the app is up and takes the stream
    this.closed = false;
    this.open();
  }

  stop(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.es?.close();
    this.es = null;
  }

  private open(): void {
    const last = this.h.lastEventId();
    if (last === 0 && this.adoptEarly()) return;
    const url = last > 0 ? `/api/events?lastEventId=${last}` : '/api/events';
    this.h.status('connecting');
    const es = new EventSource(url, { withCredentials: true });
    this.es = es;
    this.watch(es);
    es.addEventListener('snapshot', (m) => this.onSnapshot(m));
    for (const type of eventTypes) es.addEventListener(type, (m) => this.onEvent(m));
    es.onmessage = (m) => this.onEvent(m);
  }

  /** Takes over the stream the page opened before the app loaded, with what it already received. */
  private adoptEarly(): boolean {
    const early = takeEarlyFeed();
    if (!early) return false;
    this.es = early.es;
    this.h.status(early.es.readyState === EventSource.OPEN ? 'live' : 'connecting');
    this.watch(early.es);
    early.sink = (m) => (m.type === 'snapshot' ? this.onSnapshot(m) : this.onEvent(m));
    for (const m of early.buf.splice(0)) early.sink(m);
    return true;
  }

  private watch(es: EventSource): void {
    es.onopen = () => {
      this.attempt = 0;
      this.h.status('live');
    };
    es.onerror = () => {
      if (this.closed || this.es !== es) return;
      this.h.status('down');
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        void this.retry();
      }
    };
  }

  private onSnapshot(m: MessageEvent): void {
    const snap = safely(parseSnapshot, String(m.data));
    if (snap) this.h.snapshot(snap);
    else console.warn('ao: ignoring a malformed snapshot', m.data);
  }

  private onEvent(m: MessageEvent): void {
    const e = safely(parseEvent, String(m.data));
    if (e) this.h.event(e);
    else console.warn('ao: ignoring a malformed event', m.data);
  }

  private async retry(): Promise<void> {
    const delay = backoff(this.attempt++);
    try {
      const res = await fetch('/api/auth/me', { credentials: 'same-origin' });
      if (res.status === 401) {
        this.h.unauthorized();
        return;
      }
    } catch (e) {
      // The daemon is down: keep retrying with backoff; the banner already says so.
      console.debug('ao: daemon unreachable', e);
    }
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.open();
    }, delay);
  }
}
