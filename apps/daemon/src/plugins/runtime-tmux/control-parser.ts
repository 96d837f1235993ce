/**
 * tmux control mode output, one line at a time (CONTROL MODE in `man tmux`): every command's output is framed by
 * `%begin <time> <number> <flags>` and `%end`/`%error` with the same number and flags; anything else starting with
 * "%" is a notification, and notifications never occur inside a block.
 *
 * `flags` is 1 for commands this client sent on its stdin and 0 for others whose output tmux routes to it (the
 * command given on its argv, commands run by hooks): only flag-1 blocks answer our commands, in the order sent.
 */
export type ControlEvent =
  | { type: 'reply'; ok: boolean; lines: string[]; mine: boolean }
  | { type: 'notification'; name: string; args: string }
  | { type: 'stray'; line: string };

const GUARD = /^%(begin|end|error) ([0-9]+) ([0-9]+) ([0-9]+)$/;

export class ControlParser {
  private block: { number: string; flags: string; lines: string[] } | null = null;

  /** Feeds one line (without its newline); returns what it completes, if anything. */
  push(line: string): ControlEvent | null {
    const guard = GUARD.exec(line);
    if (this.block !== null) {
      // Output lines are taken literally; only the guard with this block's number and flags ends it.
      if (guard && guard[1] !== 'begin' && guard[3] === this.block.number && guard[4] === this.block.flags) {
        const { lines, flags } = this.block;
        this.block = null;
        return { type: 'reply', ok: guard[1] === 'end', lines, mine: flags === '1' };
      }
      this.block.lines.push(line);
      return null;
    }
    if (guard?.[1] === 'begin') {
      this.block = { number: guard[3] ?? '', flags: guard[4] ?? '', lines: [] };
      return null;
    }
    if (guard === null && line.startsWith('%')) {
      const space = line.indexOf(' ');
      return space < 0
        ? { type: 'notification', name: line.slice(1), args: '' }
        : { type: 'notification', name: line.slice(1, space), args: line.slice(space + 1) };
    }
    return { type: 'stray', line };
  }
}
