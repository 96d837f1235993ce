import { type FSWatcher, watch } from 'node:fs';

/**
 * Watches directories of a repository's reflogs (`<common git dir>/logs/refs/heads/<branch dirs>` and the remote's
 * `logs/refs/remotes/<remote>`): a commit in any worktree, a branch reset and a fetch that moves the base each append
 * to a reflog there, which inotify reports on its directory. One watch per directory, not per worktree, and nothing
 * polled: an idle fleet costs nothing. Directories are re-synced as sessions come and go; a missing one is skipped
 * (the next session event or webhook recomputes and retries it).
 */
export class RefWatcher {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly onChange: () => void,
    private readonly onError: (dir: string, err: Error) => void,
  ) {}

  sync(dirs: Iterable<string>): void {
    const wanted = new Set(dirs);
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, () => this.onChange());
        w.on('error', (err) => {
          w.close();
          this.watchers.delete(dir);
          this.onError(dir, err);
        });
        this.watchers.set(dir, w);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') this.onError(dir, err as Error);
      }
    }
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
