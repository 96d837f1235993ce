/** The failing part of a CI log, small enough to put in a message to an agent. */

export interface ExcerptOptions {
  /** Lines kept (default 60). */
  lines?: number;
  /** Characters kept at most (default 6000); the end of the excerpt is kept, where the error is. */
  maxChars?: number;
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
/** Actions prefixes every line with an ISO timestamp. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z ?/;
const ACTIONS_ERROR = /##\[error\]/;
const ANY_ERROR = /\b(error|failed|failure|fatal|panic|exception)\b|✗|✖|FAIL\b/i;

function clean(log: string): string[] {
  return log
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(ANSI, '').replace(TIMESTAMP, ''))
    .filter((l, i, all) => !(i === all.length - 1 && l === ''));
}

/**
 * Finds the first `##[error]` line (Actions prints it after the failing step's output) and keeps the `lines` lines
 * that end a few lines after it. Without one, keeps a window that starts a little before the first line that looks
 * like an error; without that, the last `lines` lines. Bounded to `maxChars`, cut at a line start.
 */
export function logExcerpt(log: string, opts: ExcerptOptions = {}): string {
  const size = opts.lines ?? 60;
  const maxChars = opts.maxChars ?? 6000;
  const lines = clean(log);
  let start: number;
  let end: number;
  const marker = lines.findIndex((l) => ACTIONS_ERROR.test(l));
  if (marker >= 0) {
    end = Math.min(lines.length, marker + 1 + Math.min(5, Math.floor(size / 10)));
    start = Math.max(0, end - size);
  } else {
    const first = lines.findIndex((l) => ANY_ERROR.test(l));
    if (first >= 0) {
      start = Math.max(0, first - Math.floor(size / 3));
      end = Math.min(lines.length, start + size);
    } else {
      end = lines.length;
      start = Math.max(0, end - size);
    }
  }
  let text = lines.slice(start, end).join('\n');
  if (text.length > maxChars) {
    const cut = text.slice(text.length - maxChars);
    const nl = cut.indexOf('\n');
    text = `…\n${nl >= 0 && nl < cut.length - 1 ? cut.slice(nl + 1) : cut}`;
  }
  return text;
}
