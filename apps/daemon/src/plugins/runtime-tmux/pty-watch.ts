import { watch } from 'node:fs';
import type { Logger } from '@ao/shared/plugin';

/**
 * Calls `onChange` whenever a pty is created or closed on this machine: on Linux the kernel removes `/dev/pts/<n>` when
 * the pty's master is closed, which tmux does the moment a pane's program has ended, so inotify on `/dev/pts` (no
 * polling) hears of every pane death. Elsewhere, or if the watch cannot be set up, returns null.
 */
export function watchPtys(onChange: () => void, logger: Logger): { close(): void } | null {
  if (process.platform !== 'linux') return null;
  try {
    const watcher = watch('/dev/pts', { persistent: false }, () => onChange());
    watcher.on('error', (err) => {
      logger.warn({ err: err.message }, 'watch of /dev/pts failed; pane deaths may be seen late');
      watcher.close();
    });
    return watcher;
  } catch (err) {
    logger.warn({ err: String(err) }, 'cannot watch /dev/pts; pane deaths may be seen late');
    return null;
  }
}
