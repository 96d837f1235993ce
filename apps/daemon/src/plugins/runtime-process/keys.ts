/** Terminal modes that change what a key sends. */
export interface KeyModes {
  applicationCursorKeys: boolean;
}

const NAMED: Record<string, string> = {
  Enter: '\r',
  Escape: '\x1b',
  Tab: '\t',
  BTab: '\x1b[Z',
  BSpace: '\x7f',
  Space: ' ',
  Home: '\x1b[H',
  End: '\x1b[F',
  PageUp: '\x1b[5~',
  PPage: '\x1b[5~',
  PageDown: '\x1b[6~',
  NPage: '\x1b[6~',
  Delete: '\x1b[3~',
  DC: '\x1b[3~',
  Insert: '\x1b[2~',
  IC: '\x1b[2~',
  F1: '\x1bOP',
  F2: '\x1bOQ',
  F3: '\x1bOR',
  F4: '\x1bOS',
  F5: '\x1b[15~',
  F6: '\x1b[17~',
  F7: '\x1b[18~',
  F8: '\x1b[19~',
  F9: '\x1b[20~',
  F10: '\x1b[21~',
  F11: '\x1b[23~',
  F12: '\x1b[24~',
};

const ARROWS: Record<string, string> = { Up: 'A', Down: 'B', Right: 'C', Left: 'D' };

/**
 * The bytes a terminal sends for a tmux-style key name: `Enter`, `Escape`, `Up`, `C-c`, `M-x`, `F5`, or one printable
 * character. Unknown names are refused, so a typo never types its own letters.
 */
export function keyBytes(key: string, modes: KeyModes): string {
  const named = NAMED[key];
  if (named !== undefined) return named;
  const arrow = ARROWS[key];
  if (arrow !== undefined) return `${modes.applicationCursorKeys ? '\x1bO' : '\x1b['}${arrow}`;
  const ctrl = /^C-([A-Za-z@[\\\]^_ ])$/.exec(key);
  if (ctrl?.[1] !== undefined) {
    const ch = ctrl[1] === ' ' ? '@' : ctrl[1].toUpperCase();
    return String.fromCharCode(ch.charCodeAt(0) & 0x1f);
  }
  const meta = /^M-(.+)$/.exec(key);
  if (meta?.[1] !== undefined) return `\x1b${keyBytes(meta[1], modes)}`;
  if ([...key].length === 1 && !/[\u0000-\u001f\u007f]/.test(key)) return key;
  throw new Error(`invalid key name: ${JSON.stringify(key)}`);
}
