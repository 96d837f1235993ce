import { createWriteStream, type WriteStream } from 'node:fs';
import type { Logger, TerminalStream } from '@ao/shared/plugin';
import xtermHeadless from '@xterm/headless';
import * as pty from 'node-pty';
import { killProcessGroup } from './kill-group';
import { ReplayBuffer } from './replay-buffer';
import { signalName } from './signal-name';
import { Viewer } from './viewer';

const { Terminal } = xtermHeadless;

export interface PtySessionOptions {
  id: string;
  command: readonly string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  logPath?: string;
  replayChars: number;
  scrollback: number;
  logger: Logger;
}

/**
 * One program in a pty held by the daemon: output goes to a bounded replay buffer, a headless xterm (for a correct
 * `capture` of the screen), the session log, and every attached viewer.
 */
export class PtySession {
  readonly pid: number;
  private readonly proc: pty.IPty;
  private readonly screen: InstanceType<typeof Terminal>;
  private readonly replayBuffer: ReplayBuffer;
  private readonly viewers = new Set<Viewer>();
  private log: WriteStream | null = null;
  /** How the program ended: an exit code, or the signal that killed it. Null while it runs. */
  exit: { exitCode: number | null; signal: string | null } | null = null;
  private readonly exitCallbacks: Array<() => void> = [];
  /** When the program last wrote output (epoch ms). */
  lastOutputAt = Date.now();
  private readonly exited: Promise<void>;

  constructor(private readonly opts: PtySessionOptions) {
    const [file, ...args] = opts.command;
    if (file === undefined || file === '') throw new Error('spawn: empty command');
    this.replayBuffer = new ReplayBuffer(opts.replayChars);
    this.screen = new Terminal({
      cols: opts.cols,
      rows: opts.rows,
      scrollback: opts.scrollback,
      allowProposedApi: true,
    });
    if (opts.logPath !== undefined) this.openLog(opts.logPath);
    this.proc = pty.spawn(file, args, {
      name: 'xterm-256color',
      cols: opts.cols,
      rows: opts.rows,
      cwd: opts.cwd,
      env: opts.env,
    });
    this.pid = this.proc.pid;
    this.proc.onData((chunk) => {
      this.lastOutputAt = Date.now();
      this.output(chunk);
    });
    this.exited = new Promise((resolve) => {
      this.proc.onExit(({ exitCode, signal }) => {
        const name = signalName(signal);
        this.exit = name === null ? { exitCode, signal: null } : { exitCode: null, signal: name };
        opts.logger.debug({ session: opts.id, exitCode, signal }, 'pty process exited');
        for (const viewer of this.viewers) viewer.end();
        this.log?.end();
        this.log = null;
        resolve();
        for (const cb of this.exitCallbacks.splice(0)) cb();
      });
    });
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** Calls `cb` once when the program ends (pushed by node-pty's own exit event). */
  onExit(cb: () => void): void {
    if (this.exit !== null) queueMicrotask(cb);
    else this.exitCallbacks.push(cb);
  }

  write(data: string): void {
    if (this.alive) this.proc.write(data);
  }

  /** Terminal modes the program set (bracketed paste, application cursor keys), as parsed so far. */
  modes(): { bracketedPaste: boolean; applicationCursorKeys: boolean } {
    const { bracketedPasteMode, applicationCursorKeysMode } = this.screen.modes;
    return { bracketedPaste: bracketedPasteMode, applicationCursorKeys: applicationCursorKeysMode };
  }

  /** Resolves once every output chunk received so far has been parsed by the screen. */
  settled(): Promise<void> {
    return new Promise((resolve) => this.screen.write('', resolve));
  }

  resize(cols: number, rows: number): void {
    if (!this.alive) return;
    this.proc.resize(cols, rows);
    this.screen.resize(cols, rows);
  }

  /** The visible screen plus up to `scrollback` lines above it; wrapped lines are joined (like tmux `-J`). */
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

  /** A new viewer: it gets the replay buffer first, then live output. */
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
    if (!this.alive) viewer.end();
    return viewer;
  }

  /** Stops the whole process group and waits (bounded) for the exit to be reported; then releases everything. */
  async kill(graceMs: number): Promise<void> {
    await killProcessGroup(this.pid, graceMs, this.alive);
    const waited = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs + 2_000).unref()),
    ]);
    if (!waited)
      this.opts.logger.warn({ session: this.opts.id, pid: this.pid }, 'pty exit not reported after kill');
    this.dispose();
  }

  dispose(): void {
    for (const viewer of this.viewers) viewer.end();
    this.viewers.clear();
    this.log?.end();
    this.log = null;
    this.screen.dispose();
  }

  private output(chunk: string): void {
    this.replayBuffer.append(chunk);
    this.screen.write(chunk);
    this.log?.write(chunk);
    for (const viewer of this.viewers) viewer.push(chunk);
  }

  private openLog(path: string): void {
    const log = createWriteStream(path, { flags: 'a' });
    log.on('error', (err) => {
      this.opts.logger.warn(
        { session: this.opts.id, path, err: err.message },
        'session log write failed; log disabled',
      );
      if (this.log === log) this.log = null;
    });
    this.log = log;
  }
}
