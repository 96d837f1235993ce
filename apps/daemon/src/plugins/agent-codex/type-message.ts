import { conflict } from '@ao/shared/errors';
import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';
import { composerShows, readCodexScreen } from './screen';

const PASTE_MARKERS = /\x1b\[20[01]~/g;
/** How long to wait for the typed text to show in the composer before pressing Enter anyway. */
const SHOW_WAIT_MS = 3000;
const POLL_MS = 50;
/**
 * Codex takes characters that arrive faster than one per 8 ms as a paste burst, and for 120 ms after the burst's last
 * character it takes Enter as a newline, not as submit (`PASTE_ENTER_SUPPRESS_WINDOW` in codex-rs/tui's
 * paste_burst.rs; seen on 0.169.0 and 0.171.0: `tmux send-keys -l text` then Enter lost the Enter 4 times in 5).
 * A bracketed paste does not open that window, but a runtime may deliver the text unbracketed: once the text is on
 * screen Codex has read its last character, so an Enter this long after is a submit either way.
 */
export const ENTER_AFTER_TEXT_MS = 150;
/** When the screen cannot be read: a fixed wait past the burst window. */
const BLIND_WAIT_MS = 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function screenOf(runtime: Runtime, handle: RuntimeHandle): Promise<string | null> {
  try {
    return await runtime.capture(handle);
  } catch {
    // A runtime that cannot capture: the caller waits a fixed time instead.
    return null;
  }
}

/** Waits (bounded) until the composer shows the text; false when the screen cannot be read. */
async function waitUntilShown(runtime: Runtime, handle: RuntimeHandle, message: string): Promise<boolean> {
  const deadline = Date.now() + SHOW_WAIT_MS;
  for (;;) {
    const screen = await screenOf(runtime, handle);
    if (screen === null) return false;
    if (composerShows(readCodexScreen(screen).composer, message) || Date.now() > deadline) return true;
    await sleep(POLL_MS);
  }
}

/**
 * The text as it is handed to the runtime. It always ends with a newline, which makes ao's runtimes paste it (tmux
 * `paste-buffer -p`, the pty runtime) as a bracketed paste instead of typing it key by key: Codex then takes it whole,
 * outside its paste-burst heuristic and without opening its `$`/`@`/`/` pickers (typed, `a $word` opened the skills
 * picker and Enter picked from it instead of submitting). Codex trims the newline when it submits. A leading `!`
 * would run the rest as a shell command outside the model and its approvals: a space before it makes it text.
 */
export function composerInput(message: string): string {
  const clean = message.replace(PASTE_MARKERS, '').replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  return `${clean.startsWith('!') ? ' ' : ''}${clean}\n`;
}

/**
 * Types a message into Codex's composer and submits it with one Enter that Codex takes: the text is pasted (see
 * `composerInput`), and Enter goes once the composer shows it and the paste-burst window has passed. An approval,
 * trust or sign-in dialog on screen is refused: typed keys would answer it (`y` and `p` approve).
 */
export async function typeMessage(runtime: Runtime, handle: RuntimeHandle, message: string): Promise<void> {
  const before = await screenOf(runtime, handle);
  const dialog = before === null ? null : readCodexScreen(before).dialog;
  if (dialog) {
    throw conflict(`Codex shows a dialog, not its prompt ("${dialog.text}"): answer it first`);
  }
  const input = composerInput(message);
  if (input.trim() !== '') {
    await runtime.sendText(handle, input);
    const seen = await waitUntilShown(runtime, handle, input);
    await sleep(seen ? ENTER_AFTER_TEXT_MS : BLIND_WAIT_MS);
  }
  await runtime.sendKeys(handle, ['Enter']);
}
