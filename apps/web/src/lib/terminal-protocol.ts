/** The terminal WebSocket protocol (docs/api.md): client frames, close codes and ack batching. */

export type ClientFrame =
  | { type: 'input'; data: string }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'ack'; bytes: number };

export function terminalUrl(
  loc: { protocol: string; host: string },
  id: string,
  cols: number,
  rows: number,
): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/api/sessions/${encodeURIComponent(id)}/terminal?cols=${cols}&rows=${rows}`;
}

/** Why the server closed the terminal, or null when it is worth reconnecting. */
export function closeReason(code: number): string | null {
  switch (code) {
    case 4404:
      return 'Unknown session.';
    case 4410:
      return 'The session has no live runtime. Restore it to reattach.';
    case 4403:
      return 'Forbidden origin.';
    case 4401:
      return 'Not signed in.';
    default:
      return null;
  }
}

const encoder = new TextEncoder();

/** Bytes the server counted for a frame: UTF-8 length of a text frame, byte length of a binary one. */
export function frameBytes(data: string | ArrayBuffer): number {
  return typeof data === 'string' ? encoder.encode(data).length : data.byteLength;
}

/**
 * Collects rendered bytes and sends one ack when enough piled up or shortly after the last write, so a flood is
 * acknowledged steadily (the server pauses above 512 KiB unacknowledged) without one frame per write.
 */
export class AckBatcher {
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (bytes: number) => void,
    private readonly threshold = 32 * 1024,
    private readonly delayMs = 50,
  ) {}

  rendered(bytes: number): void {
    this.pending += bytes;
    if (this.pending >= this.threshold) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending > 0) this.send(this.pending);
    this.pending = 0;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = 0;
  }
}
