// Counts the tmux processes the daemon starts: a wrapper script given to the tmux runtime as `tmuxPath` appends the
// tmux command name of each call to a file, then execs the real tmux.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const shellQuote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/**
 * Writes `<dir>/tmux-counting` and returns its path and a reader of the calls so far. The daemon runs tmux as
 * `tmux -S <socket> <command> ...`, so `$3` is the (first) tmux command of each call.
 */
export function makeTmuxCounter(dir) {
  const realTmux = execFileSync('which', ['tmux'], { encoding: 'utf8' }).trim();
  const log = join(dir, 'tmux-calls.log');
  const path = join(dir, 'tmux-counting');
  writeFileSync(path, `#!/bin/sh\necho "$3" >> ${shellQuote(log)}\nexec ${shellQuote(realTmux)} "$@"\n`);
  chmodSync(path, 0o755);
  return {
    path,
    /** Every call so far, as its tmux command name, in order. */
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
  };
}

/** Counts per command name of the calls in `calls.slice(from, to)`. */
export function countByCommand(calls) {
  const counts = {};
  for (const name of calls) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}
