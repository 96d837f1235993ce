import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';

const PASTE_MARKERS = /\x1b\[20[01]~/g;
const PASTE_WAIT_MS = 3000;
const SETTLE_MS = 150;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (bounded) until the TUI shows the typed text (or its "[Pasted text #n]" placeholder): an Enter that arrives
 * while the TUI is still taking the text, e.g. right after start-up, is swallowed.
 */
async function waitForText(runtime: Runtime, handle: RuntimeHandle, message: string): Promise<void> {
  const firstLine = message.split('\n').find((l) => l.trim() !== '') ?? '';
  const probe = firstLine.trim().slice(0, 24);
  const deadline = Date.now() + PASTE_WAIT_MS;
  while (Date.now() < deadline) {
    // A runtime that cannot capture just gets the fixed settle time.
    const screen = await runtime.capture(handle).catch(() => null);
    if (screen === null || screen.includes(probe) || /\[Pasted text #\d+/.test(screen)) return;
    await sleep(100);
  }
}

/**
 * Types a message into Claude Code's prompt and submits it. Multi-line text relies on the runtime's `sendText`,
 * which pastes it as a bracketed paste (tmux `paste-buffer -p`, the pty runtime likewise), so its newlines stay
 * inside the message; verified on Claude Code 2.1.197. Paste markers inside the message are removed so it cannot
 * end the paste early. Enter goes only once the text is on screen; the daemon confirms delivery by the next user
 * turn and presses Enter again if none comes.
 */
export async function typeMessage(runtime: Runtime, handle: RuntimeHandle, message: string): Promise<void> {
  const clean = message.replace(PASTE_MARKERS, '').replace(/\r\n?/g, '\n');
  if (clean.trim() !== '') {
    await runtime.sendText(handle, clean);
    await waitForText(runtime, handle, clean);
    await sleep(SETTLE_MS);
  }
  await runtime.sendKeys(handle, ['Enter']);
}
