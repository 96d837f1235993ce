/**
 * Screen text that means an agent (or a tool it runs) waits for the user to answer. Matched against the bottom of the
 * screen only, so a prompt that scrolled away long ago does not count.
 */
export const DEFAULT_PROMPT_PATTERNS: readonly RegExp[] = [
  /\((?:y\/n|yes\/no)\)/i,
  /\[(?:y\/n|yes\/no)\]/i,
  /\(Y\)es\/\(N\)o/,
  /^\s*(?:[›>❯]\s*)?(?:\d+\.\s*)?(?:Always\s+)?Allow\b/m,
  /\ballow\b[^\n]*\?\s*$/im,
  /Do you want to (?:proceed|make this edit|create|run)\b/i,
  /Would you like to (?:run|make|apply)\b/i,
  /\bYes, proceed\b/,
  /Press enter to confirm or esc to cancel/i,
];

/** How many of the last non-empty screen lines are searched for a prompt. */
export const PROMPT_TAIL_LINES = 15;

/** The prompt line found at the bottom of the screen, or null. */
export function detectPrompt(
  screen: string,
  patterns: readonly RegExp[] = DEFAULT_PROMPT_PATTERNS,
  tailLines = PROMPT_TAIL_LINES,
): string | null {
  const lines = normalizeScreen(screen)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-tailLines);
  for (const line of lines) {
    for (const re of patterns) {
      if (re.test(line)) return line.trim();
    }
  }
  return null;
}

/** Drops trailing spaces and trailing empty lines, so a re-wrap or cursor blink does not count as a change. */
export function normalizeScreen(screen: string): string {
  return screen
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}
