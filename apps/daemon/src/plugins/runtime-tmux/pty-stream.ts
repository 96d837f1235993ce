import type { TerminalStream } from '@ao/shared/plugin';
import type { IPty } from 'node-pty';

/** Maps a node-pty process (here: a tmux client attached to a session) onto a TerminalStream. */
export function ptyStream(pty: IPty, onClose: () => void): TerminalStream {
  let exited = false;
  let closed = false;
  const exitCallbacks: Array<() => void> = [];
  pty.onExit(() => {
    exited = true;
    onClose();
    for (const cb of exitCallbacks) cb();
  });
  return {
    onData(cb) {
      pty.onData(cb);
    },
    onExit(cb) {
      if (exited) queueMicrotask(cb);
      else exitCallbacks.push(cb);
    },
    write(data) {
      if (!closed && !exited) pty.write(data);
    },
    resize(cols, rows) {
      if (!closed && !exited) pty.resize(checkSize(cols), checkSize(rows));
    },
    pause() {
      pty.pause();
    },
    resume() {
      pty.resume();
    },
    close() {
      if (closed) return;
      closed = true;
      onClose();
      // SIGHUP makes the tmux client detach; the session itself keeps running.
      if (!exited) pty.kill('SIGHUP');
    },
  };
}

export function checkSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`invalid terminal size ${n}`);
  return n;
}
