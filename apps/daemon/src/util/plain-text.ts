/** ANSI escape sequences (CSI, OSC, single-character escapes) and other control characters but newlines. */
const ESCAPES =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]/g;

/** Terminal output as plain text: escapes removed, carriage returns folded into lines. */
export function plainText(raw: string): string {
  return raw
    .replace(/\r\n/g, '\n')
    .replace(ESCAPES, (m) => (m === '\r' ? '\n' : ''))
    .replace(/\r/g, '\n');
}
