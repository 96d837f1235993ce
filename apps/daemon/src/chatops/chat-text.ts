/** Text from sessions, issues and users is untrusted: these make it safe and short before it is sent to a chat. */

/** The longest message taken from a chat (a `tell` text included); longer ones are refused, not cut. */
export const MAX_INPUT_CHARS = 2000;
/** The longest reply sent (Telegram's limit is 4096, Slack's text 40 000: stay well inside both). */
export const MAX_REPLY_CHARS = 3500;

/** Control characters and escape sequences removed (newlines kept), then clipped to `max` characters. */
export function cleanText(s: string, max: number): string {
  const plain = s.replace(/\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x09\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]/g, '');
  return plain.length <= max ? plain : `${plain.slice(0, max - 1)}…`;
}

/** One line: newlines folded into spaces. */
export const oneLine = (s: string, max: number) => cleanText(s.replace(/\s*\n\s*/g, ' '), max);

/** Slack mrkdwn: `&`, `<` and `>` escaped, so text cannot mention `<!channel>` or make links. */
export const escapeSlack = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
