import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composerShows, inspectCodexScreen, readCodexScreen } from './screen';
import { composerInput } from './type-message';

/** Screens captured from the real TUI in tmux (0.169.0 pinned, 0.171.0 newest): scratch capture, unchanged. */
const SCREENS = fileURLToPath(new URL('../../../test/agent-codex/screens', import.meta.url));
const screen = (version: string, name: string) =>
  readFileSync(join(SCREENS, `${version}-${name}.txt`), 'utf8');

describe.each(['0.169', '0.171'])('reading the Codex %s screen', (v) => {
  it('idle: the composer shows its placeholder; nothing runs, nothing waits', () => {
    expect(readCodexScreen(screen(v, 'idle'))).toEqual({
      composer: 'AskCodextodoanything',
      dialog: null,
      queued: [],
      offline: null,
      working: false,
    });
  });

  it('typed and pasted text is in the composer (not the earlier prompts above it)', () => {
    const typed = readCodexScreen(screen(v, 'typed')).composer;
    expect(composerShows(typed, 'a message typed but not sent')).toBe(true);
    expect(composerShows(typed, 'hello')).toBe(false);
    const pasted = readCodexScreen(screen(v, 'pasted-multiline')).composer;
    expect(
      composerShows(pasted, 'first line of a pasted message\nsecond line\n\nfourth line after a blank\n'),
    ).toBe(true);
  });

  it('a running turn is working; messages typed meanwhile are listed as queued, wrapped lines joined', () => {
    expect(readCodexScreen(screen(v, 'working'))).toMatchObject({ working: true, queued: [], dialog: null });
    const q = readCodexScreen(screen(v, 'queued'));
    expect(q.working).toBe(true);
    expect(q.queued).toEqual([
      'queued one',
      `a much longer queued message that will wrap around the edge of the screen ${'and keep going '.repeat(12)}end`,
    ]);
  });

  it('the approval dialog is a permission prompt, with its command; no composer behind it', () => {
    const s = readCodexScreen(screen(v, 'approval'));
    expect(s.dialog).toEqual({
      kind: 'permission',
      text: 'Would you like to run the following command? $ echo hi > out2.txt',
    });
    expect(s.composer).toBeNull();
  });

  it('the trust dialog is a dialog, not a permission prompt', () => {
    expect(inspectCodexScreen(screen(v, 'trust'))).toEqual({ kind: 'dialog', text: 'Trust this folder?' });
  });
});

describe('Codex screens seen once (0.169.0 and 0.171.0 alike)', () => {
  it('the model API unreachable: offline, with the error line', () => {
    const s = [
      '  >_ OpenAI Codex (v0.169.0)',
      '',
      '› hello',
      '',
      '• Reconnecting... waiting for network (9s • esc to interrupt)',
      '  └ Connection failed: error sending request',
      '',
      '› Ask Codex to do anything',
      '',
      '  mock-model default · /tmp/x',
    ].join('\n');
    expect(readCodexScreen(s)).toMatchObject({
      working: true,
      offline: 'Reconnecting... waiting for network: Connection failed: error sending request',
    });
  });

  it('not signed in: the sign-in screen is a dialog', () => {
    const s = [
      "  Welcome to Codex, OpenAI's command-line coding agent",
      '  Choose how you want to use Codex.',
      '> 1. Sign in with ChatGPT',
      '     Usage included with Plus, Pro, Business, and Enterprise plans',
      '  2. Sign in with Device Code',
      '  3. Sign in another way',
      '  Press enter to continue',
    ].join('\n');
    expect(inspectCodexScreen(s)?.kind).toBe('dialog');
    expect(inspectCodexScreen(s)?.text).toMatch(/not signed in/);
  });

  it('another selection dialog (same footer, no approval question) is a dialog, never a permission prompt', () => {
    const s = [
      '  Select Model',
      '› 1. mock-model',
      '  2. other-model',
      '  Press enter to confirm or esc to cancel',
    ].join('\n');
    expect(inspectCodexScreen(s)).toEqual({
      kind: 'dialog',
      text: 'Press enter to confirm or esc to cancel',
    });
  });

  it('a large paste shows as a placeholder, which counts as shown', () => {
    expect(composerShows('[PastedContent5000chars]', 'x'.repeat(5000))).toBe(true);
  });
});

describe('composerInput', () => {
  it('ends with one newline (so the runtime pastes it), keeps inner newlines, drops paste markers and CRs', () => {
    expect(composerInput('hello')).toBe('hello\n');
    expect(composerInput('a\r\nb\n\n')).toBe('a\nb\n');
    expect(composerInput('x\x1b[201~y')).toBe('xy\n');
  });

  it('a leading "!" is text for the model, not a shell command', () => {
    expect(composerInput('!rm -rf ~')).toBe(' !rm -rf ~\n');
    expect(composerInput('say !this')).toBe('say !this\n');
  });
});
