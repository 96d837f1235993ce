import type { Notification } from '@ao/shared/plugin';

const EMOJI: Record<Notification['priority'], string> = {
  urgent: ':rotating_light:',
  action: ':point_right:',
  warning: ':warning:',
  info: ':information_source:',
};

/** Slack mrkdwn escaping: only &, < and > are special. */
export const escapeMrkdwn = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A link Slack will render: only http(s), with the characters that end a `<url|text>` link encoded. */
export function slackLink(url: string, label: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null; // not a URL: leave the link out rather than send something Slack would mangle
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const safe = parsed.href.replace(/[<>|]/g, (c) => encodeURIComponent(c));
  return `<${safe}|${escapeMrkdwn(label)}>`;
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** An incoming-webhook message: a header, the body, a link, and who/what it is about. */
export function slackMessage(n: Notification) {
  const link = n.url ? slackLink(n.url, 'Open') : null;
  const context = [`*${n.priority}*`, n.sessionId ? `session \`${escapeMrkdwn(n.sessionId)}\`` : null]
    .filter(Boolean)
    .join(' · ');
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: clip(`${n.title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(n.body) || ' ', 2900) } },
  ];
  if (link) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${link}` } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${EMOJI[n.priority]} ${context}` }] });
  const fallback = `${EMOJI[n.priority]} ${escapeMrkdwn(n.title)}${link ? ` ${link}` : ''}`;
  return { text: fallback, blocks };
}
