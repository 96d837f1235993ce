import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { ControlParser } from './control-parser';
import type { TmuxSocket } from './socket';

export interface ControlClientOptions {
  tmuxPath: string;
  socket: TmuxSocket;
  /** The session the client attaches to (created if missing): never an ao session id. */
  holder: string;
  /** argv of the holder's program (exec'd by tmux, no shell involved at this level). */
  holderCommand: readonly string[];
  /** A command that gets no answer within this time ends the client. */
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  onNotification(name: string, args: string): void;
  /** Once, when the client is gone (exited, failed to start, timed out, stopped). */
  onClose(reason: string): void;
}

interface Pending {
  resolve(lines: string[]): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * One `tmux -C` client on ao's server, attached to the holder session: it receives the server's notifications and
 * runs commands sent as lines on its stdin without starting a process per command. Commands must be fixed text or
 * validated names: tmux parses each line with its command parser.
 */
export class ControlClient {
  /** Resolves once the client is attached (its stdin commands run in the holder's context from then on). */
  readonly ready: Promise<void>;
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly parser = new ControlParser();
  private readonly pending: Pending[] = [];
  private readonly exited: Promise<void>;
  private partial = '';
  private stderr = '';
  private closed = false;
  private attached!: () => void;
  private failed!: (err: Error) => void;

  constructor(private readonly opts: ControlClientOptions) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.attached = resolve;
      this.failed = reject;
    });
    // Whoever awaits `ready` sees the failure; onClose reports it in any case, so an unobserved one is no leak.
    this.ready.catch(() => undefined);
    const { socket, holder } = opts;
    const args = [socket.flag, socket.value, '-C', 'new-session', '-A', '-s', holder, '-x', '80', '-y', '24'];
    this.proc = spawn(opts.tmuxPath, [...args, '--', ...opts.holderCommand], { env: opts.env });
    this.exited = new Promise((resolve) => {
      this.proc.once('close', (code, signal) => {
        this.finish(`tmux control client exited (${signal ?? `code ${code}`})`);
        resolve();
      });
    });
    this.proc.once('error', (err) => this.finish(`tmux control client failed: ${err.message}`));
    this.proc.stdin.on('error', () => {
      // EPIPE when tmux exited first: the 'close' event reports the end of the client.
    });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => this.onData(chunk));
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-2000);
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Runs one command line; resolves with its output lines, rejects with tmux's error or when the client ends. */
  command(line: string): Promise<string[]> {
    if (line === '' || /[\r\n]/.test(line)) throw new Error('a control command is one non-empty line');
    if (this.closed) return Promise.reject(new Error('tmux control client is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`tmux control command timed out: ${line.split(' ')[0]}`));
        void this.stop();
      }, this.opts.timeoutMs);
      this.pending.push({ resolve, reject, timer });
      this.proc.stdin.write(`${line}\n`);
    });
  }

  /** Detaches (stdin closed, tmux exits); SIGTERM if it lingers. Resolves once the process is gone. */
  stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.stdin.end();
      const timer = setTimeout(() => this.proc.kill('SIGTERM'), 2_000);
      void this.exited.then(() => clearTimeout(timer));
    }
    return this.exited;
  }

  private onData(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const event = this.parser.push(line);
      if (event?.type === 'reply' && event.mine) {
        const waiter = this.pending.shift();
        if (!waiter) continue;
        clearTimeout(waiter.timer);
        if (event.ok) waiter.resolve(event.lines);
        else waiter.reject(new Error(`tmux: ${event.lines.join(' ') || 'command failed'}`));
      } else if (event?.type === 'notification') {
        if (event.name === 'session-changed') this.attached();
        this.opts.onNotification(event.name, event.args);
      }
    }
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    const detail = this.stderr.trim() === '' ? reason : `${reason}: ${this.stderr.trim()}`;
    const err = new Error(detail);
    this.failed(err);
    for (const waiter of this.pending.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
    this.opts.onClose(detail);
  }
}
