import { createWriteStream, type WriteStream } from 'node:fs';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Logger, TerminalStream } from '@ao/shared/plugin';
import xtermHeadless from '@xterm/headless';
import { ReplayBuffer } from '../runtime-process/replay-buffer';
import { Viewer } from '../runtime-process/viewer';

const { Terminal } = xtermHeadless;

export interface ContainerSessionOptions {
  id: string;
  containerId: string;
  cols: number;
  rows: number;
  logPath?: string;
  replayChars: number;
  scrollback: number;
  logger: Logger;
  /** Resizes the container's TTY (the engine's resize call). */
  resizeTty(cols: number, rows: number): Promise<void>;
}

/**
 * The daemon's side of one container's TTY, through one attach stream: output goes to a headless xterm (for
 * `capture`), a bounded replay buffer, the session log and every web-terminal viewer; input goes to the program.
 * The attach stream ending is not an exit: liveness comes from the engine's event stream.
 */
export class ContainerSession {
  private readonly screen: InstanceType<typeof Terminal>;
  private readonly replayBuffer: ReplayBuffer;
  private readonly viewers = new Set<Viewer>();
  private stream: Duplex | null = null;
  private log: WriteStream | null = null;
  lastOutputAt = Date.now();
  private disposed = false;

  constructor(private readonly opts: ContainerSessionOptions) {
    this.replayBuffer = new ReplayBuffer(opts.replayChars);
    this.screen = new Terminal({
      cols: opts.cols,
      rows: opts.rows,
      scrollback: opts.scrollback,
      allowProposedApi: true,
    });
  }

  get containerId(): string {
    return this.opts.containerId;
  }

  get attached(): boolean {
    return this.stream !== null;
  }

  /** What the session printed before the daemon (re)attached (its log's tail): on screen, not written again. */
  seed(text: string): void {
    if (text === '') return;
    this.replayBuffer.append(text);
    this.screen.write(text);
  }

  attach(stream: Duplex): void {
    this.stream = stream;
    if (this.opts.logPath !== undefined && this.log === null) this.openLog(this.opts.logPath);
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer) => this.output(decoder.write(chunk)));
    stream.on('error', (err) =>
      this.opts.logger.debug({ session: this.opts.id, err: err.message }, 'attach stream'),
    );
    stream.on('close', () => {
      if (this.stream === stream) this.stream = null;
      for (const viewer of this.viewers) viewer.end();
      this.viewers.clear();
    });
  }

  write(data: string): void {
    this.stream?.write(data);
  }

  modes(): { bracketedPaste: boolean; applicationCursorKeys: boolean } {
    const { bracketedPasteMode, applicationCursorKeysMode } = this.screen.modes;
    return { bracketedPaste: bracketedPasteMode, applicationCursorKeys: applicationCursorKeysMode };
  }

  settled(): Promise<void> {
    return new Promise((resolve) => this.screen.write('', resolve));
  }

  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.screen.resize(cols, rows);
    this.opts.resizeTty(cols, rows).catch((err: Error) => {
      this.opts.logger.debug({ session: this.opts.id, err: err.message }, 'container resize failed');
    });
  }

  /** The visible screen plus up to `scrollback` lines above it; wrapped lines joined (like tmux `-J`). */
  async capture(scrollback: number): Promise<string> {
    await this.settled();
    const buffer = this.screen.buffer.active;
    const start = Math.max(0, buffer.baseY - Math.max(0, Math.floor(scrollback)));
    const lines: string[] = [];
    for (let y = start; y < buffer.baseY + this.screen.rows; y++) {
      const line = buffer.getLine(y);
      if (!line) continue;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    return `${lines.join('\n')}\n`;
  }

  openViewer(): TerminalStream {
    const viewer = new Viewer(
      {
        write: (data) => this.write(data),
        resize: (cols, rows) => this.resize(cols, rows),
        replay: () => this.replayBuffer.text(),
        detach: (v) => this.viewers.delete(v),
      },
      this.replayBuffer.text(),
    );
    this.viewers.add(viewer);
    if (this.stream === null) viewer.end();
    return viewer;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const viewer of this.viewers) viewer.end();
    this.viewers.clear();
    this.stream?.destroy();
    this.stream = null;
    this.log?.end();
    this.log = null;
    this.screen.dispose();
  }

  private output(chunk: string): void {
    if (chunk === '' || this.disposed) return;
    this.lastOutputAt = Date.now();
    this.replayBuffer.append(chunk);
    this.screen.write(chunk);
    this.log?.write(chunk);
    for (const viewer of this.viewers) viewer.push(chunk);
  }

  private openLog(path: string): void {
    const log = createWriteStream(path, { flags: 'a' });
    log.on('error', (err) => {
      this.opts.logger.warn({ session: this.opts.id, path, err: err.message }, 'session log write failed');
      if (this.log === log) this.log = null;
    });
    this.log = log;
  }
}
