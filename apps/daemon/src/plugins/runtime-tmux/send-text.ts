import { randomBytes } from 'node:crypto';
import { chunkText, paneTarget, sessionTarget } from './tmux-args';
import type { TmuxClient } from './tmux-client';

/** tmux packs a command into one message of at most 16 KiB; stay well below it. */
const SEND_KEYS_CHUNK_BYTES = 8 * 1024;

/**
 * Types `text` into a session literally. Single-line text goes through `send-keys -l` (in chunks); text with newlines
 * is pasted: `load-buffer` from stdin into a uniquely named buffer, then `paste-buffer -p -r -d`. With `-p` the paste
 * is wrapped in bracketed-paste markers when the program asked for them (agent TUIs do), so newlines stay inside the
 * message instead of submitting it early; `-r` keeps them as LF (Ctrl-J, "new line" in TUIs without bracketed paste)
 * rather than turning them into CR (Enter).
 */
export async function sendText(client: TmuxClient, name: string, text: string): Promise<void> {
  if (text === '') return;
  const target = paneTarget(name);
  if (!/[\r\n]/.test(text)) {
    for (const chunk of chunkText(text, SEND_KEYS_CHUNK_BYTES)) {
      await client.run([['send-keys', '-l', '-t', target, '--', chunk]]);
    }
    return;
  }
  const buffer = `ao-${name}-${randomBytes(6).toString('hex')}`;
  const normalized = text.replace(/\r\n?/g, '\n');
  await client.run(
    [
      ['has-session', '-t', sessionTarget(name)],
      ['load-buffer', '-b', buffer, '-'],
      ['paste-buffer', '-p', '-r', '-d', '-b', buffer, '-t', target],
    ],
    normalized,
  );
}

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Presses named keys (`Enter`, `Escape`, `C-c`, `Up`, `1`, ...) in one call. Anything else is refused. */
export async function sendKeys(client: TmuxClient, name: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  for (const key of keys) {
    if (!KEY_NAME.test(key)) throw new Error(`invalid key name: ${JSON.stringify(key)}`);
  }
  await client.run([['send-keys', '-t', paneTarget(name), '--', ...keys]]);
}
