import type { ScreenVerdict } from '@ao/shared/plugin';

/**
 * Reads what Claude Code's TUI shows at the bottom of its screen, where it draws its dialogs (below the last
 * horizontal rule). Verified on 2.1.197 and 2.1.332 (fixtures/screens): a tool permission prompt asks "Do you want to
 * proceed?" (Bash, MCP), "Do you want to create <file>?" (Write), "Do you want to make this edit to <file>?" (Edit)
 * with "1. Yes" highlighted; everything else that waits for a choice (trust this folder, use this API key, bypass
 * permissions warning, auto mode's "can't check actions", onboarding) is a dialog ao must never answer blindly.
 */

const RULE = /^\s*[─━]{20,}\s*$/;
const SEPARATOR = /^\s*[╌─━]{20,}\s*$/;
const MAX_TEXT = 400;

/** Dialogs that are known not to be permission prompts, even when they ask "Do you want to ...". */
const KNOWN_DIALOGS: RegExp[] = [
  /Do you want to use this API key\?/,
  /Is this a project you created or one you trust|Yes, I trust this folder/,
  /Bypass Permissions mode/,
  /Auto mode can.t check actions/,
  /Choose the text style|Select login method|Let's get started/,
];

/** The question of a tool permission prompt. */
const PERMISSION_QUESTION =
  /Do you want to (proceed|make this edit|create|delete|overwrite|allow Claude to|allow this)\b/;
/** Its first option, "Yes" (numbered on both versions seen). */
const YES_OPTION = /^\s*(?:❯\s*)?1\.\s+Yes\b/m;
/** A choice waiting for a key: a highlighted option and a footer telling which key does what. */
const POINTER = /^\s*❯\s+\S/m;
const FOOTER = /\b(Enter to (confirm|select|continue|stay)|Esc to (cancel|exit|go back))\b/;

/** How many rules up a dialog may reach (AskUserQuestion draws one inside its options). */
const MAX_RULES_UP = 3;

/**
 * The lines Claude draws its current dialog in: below the last full-width rule, or a rule further up when the part
 * below holds no highlighted option (a dialog with a rule inside it), blanks and separators dropped.
 */
function bottomRegion(screen: string): string[] {
  const lines = screen
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => !/^Pane is dead\b/.test(l));
  const rules = lines.flatMap((l, i) => (RULE.test(l) ? [i] : [])).reverse();
  const below = (i: number) => lines.slice(i + 1).filter((l) => l.trim() !== '' && !SEPARATOR.test(l));
  if (rules.length === 0) return below(-1);
  for (const rule of rules.slice(0, MAX_RULES_UP)) {
    const region = below(rule);
    if (POINTER.test(region.join('\n'))) return region;
  }
  return below(rules[0] ?? -1);
}

function clip(lines: string[]): string {
  const text = lines
    .map((l) => l.trim())
    .join(' ⏎ ')
    .replace(/\s+/g, ' ');
  if (text.length <= MAX_TEXT) return text;
  // Keep the question and the keys at the end (what the options are and how to answer): cut the middle.
  const tail = Math.floor(MAX_TEXT / 3);
  return `${text.slice(0, MAX_TEXT - tail - 3)} … ${text.slice(-tail)}`;
}

export function inspectClaudeScreen(screen: string): ScreenVerdict | null {
  const region = bottomRegion(screen);
  if (region.length === 0) return null;
  const body = region.join('\n');
  if (KNOWN_DIALOGS.some((known) => known.test(body))) return { kind: 'dialog', text: clip(region) };
  if (PERMISSION_QUESTION.test(body) && YES_OPTION.test(body))
    return { kind: 'permission', text: clip(region) };
  if (POINTER.test(body) && FOOTER.test(body)) return { kind: 'dialog', text: clip(region) };
  return null;
}
