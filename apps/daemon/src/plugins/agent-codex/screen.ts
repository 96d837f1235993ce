import type { ScreenVerdict } from '@ao/shared/plugin';
import { normalizeScreen } from '../agent-screen/prompt-patterns';

/**
 * Reads the Codex TUI's screen (verified on 0.169.0 and 0.171.0). The bottom of a normal screen is the composer, a
 * blank line and a footer:
 *
 *   › Ask Codex to do anything          ← the composer: `› ` then the typed text (continuation lines indented)
 *
 *     mock-model default · /path · title
 *     ← for agents · ? for shortcuts
 *
 * While a turn runs, `• Working (3s • esc to interrupt)` stands above it (`• Reconnecting... waiting for network
 * (9s • esc to interrupt)` while the model API is unreachable), and messages typed meanwhile are listed under
 * `• Messages to be submitted after next tool call` as `↳ text`. An approval replaces the composer with
 * `Would you like to run the following command?` … `› 1. Yes, proceed (y)` … `Press enter to confirm or esc to cancel`.
 */

export interface CodexScreen {
  /** The composer's text with all whitespace removed (null when no composer is shown, e.g. behind a dialog). */
  composer: string | null;
  /** An approval, trust or sign-in dialog in front of the composer. */
  dialog: ScreenVerdict | null;
  /** Messages Codex holds for after the running tool call, as shown (wrapped lines joined). */
  queued: string[];
  /** The running turn cannot reach the model API: the status and its last error line. */
  offline: string | null;
  /** A turn is running (the `esc to interrupt` status line). */
  working: boolean;
}

const TAIL = 20;
/** The approval dialog's question and its first option (`y` picks it); either one on screen means the dialog. */
const APPROVAL = [/^Would you like to .*\?$/, /^(?:›\s*)?\d+\.\s+Yes, proceed\b/];
/** The footer of Codex's selection dialogs (approval, but also pickers): some dialog, not necessarily a permission. */
const CONFIRM_FOOTER = /^Press enter to confirm or esc to cancel/;
const TRUST = /^(?:Trust this folder\?|Do you trust the contents of this directory\?)/;
const SIGN_IN = /^(?:[›>]\s*)?\d+\.\s+Sign in with ChatGPT\b/;
const QUEUE_HEADER =
  /^•?\s*(?:Messages to be submitted after next tool call|Queued follow-up (?:inputs|messages))/;
const STATUS = /^[•◦·]\s+(Working|Reconnecting\.\.\.[^(]*?)\s*\(.*esc to interrupt\)/;

const squash = (s: string): string => s.replace(/\s+/g, '');

export function readCodexScreen(screen: string): CodexScreen {
  const lines = normalizeScreen(screen).split('\n');
  const tail = lines.slice(-TAIL).map((l) => l.trim());
  const dialog = findDialog(tail);
  const status = lines.map((l) => STATUS.exec(l.trim())).findLast((m) => m !== null) ?? null;
  let offline: string | null = null;
  if (status?.[1]?.startsWith('Reconnecting')) {
    const at = lines.findLastIndex((l) => STATUS.test(l.trim()));
    const why = lines[at + 1]?.trim().replace(/^└\s*/, '');
    offline = [status[1].trim(), why].filter(Boolean).join(': ');
  }
  return {
    composer: dialog ? null : composerText(lines),
    dialog,
    queued: queuedTexts(lines),
    offline,
    working: status !== null,
  };
}

/** What `inspectScreen` says: the approval dialog is a permission prompt (`y` answers it); trust and sign-in are dialogs. */
export function inspectCodexScreen(screen: string): ScreenVerdict | null {
  return readCodexScreen(screen).dialog;
}

function findDialog(tail: readonly string[]): ScreenVerdict | null {
  if (tail.some((l) => APPROVAL.some((re) => re.test(l)))) {
    const question = tail.find((l) => APPROVAL[0]?.test(l)) ?? 'Would you like to proceed?';
    const command = tail.find((l) => l.startsWith('$ '));
    return { kind: 'permission', text: command ? `${question} ${command}` : question };
  }
  const footer = tail.find((l) => CONFIRM_FOOTER.test(l));
  if (footer) return { kind: 'dialog', text: footer };
  const trust = tail.find((l) => TRUST.test(l));
  if (trust) return { kind: 'dialog', text: trust.replace(/\?.*$/, '?') };
  if (tail.some((l) => SIGN_IN.test(l))) {
    return {
      kind: 'dialog',
      text: 'Codex is not signed in: its sign-in screen (Sign in with ChatGPT / API key) is shown',
    };
  }
  return null;
}

/**
 * The composer is the last `›` line; its text runs to the blank line above the footer (the last blank line of the
 * screen, so blank lines inside a typed message stay in).
 */
function composerText(lines: readonly string[]): string | null {
  const start = lines.findLastIndex((l) => /^›(?:\s|$)/.test(l.trimStart()));
  if (start === -1) return null;
  let end = lines.length;
  for (let i = lines.length - 1; i > start; i--) {
    if (lines[i]?.trim() === '') {
      end = i;
      break;
    }
  }
  const text = lines.slice(start, end).join('\n').trimStart().replace(/^›/, '');
  return squash(text);
}

/** The `↳ text` lines under each queue header (steers for after the next tool call; follow-ups queued with Tab). */
function queuedTexts(lines: readonly string[]): string[] {
  const out: string[] = [];
  let inList = false;
  for (const line of lines) {
    const t = line.trim();
    if (QUEUE_HEADER.test(t)) {
      inList = true;
    } else if (inList && t.startsWith('↳')) {
      out.push(t.replace(/^↳\s*/, ''));
    } else if (inList && out.length > 0 && /^\s{4,}\S/.test(line)) {
      out[out.length - 1] += ` ${t}`;
    } else if (inList && !/^\(press esc/.test(t)) {
      inList = false;
    }
  }
  return out.map((t) => t.replace(/…$/, '').trim()).filter((t) => t !== '');
}

/** Whether the composer shows `message` (its last characters, whitespace ignored) or Codex's large-paste placeholder. */
export function composerShows(composer: string | null, message: string): boolean {
  if (composer === null) return false;
  if (/\[PastedContent\d+chars\]/.test(composer)) return true; // squashed `[Pasted Content 1234 chars]`
  const probe = squash(message).slice(-32);
  return probe !== '' && composer.includes(probe);
}
