import type { Notification } from '@ao/shared/plugin';

/** A tool argument: a string is a template; numbers and booleans are passed as they are. */
export type ArgumentTemplate = string | number | boolean;

const FIELD = /\{\{\s*(title|body|url|priority|sessionId)\s*\}\}/g;

/**
 * Fills `{{title}} {{body}} {{url}} {{priority}} {{sessionId}}` in one pass: the notification's text is data, never
 * read as a template again (a body holding `{{url}}` stays as written), and the replacement is a function so `$&`
 * and the like in the text are not interpreted either.
 */
export function renderTemplate(template: string, n: Notification): string {
  const values: Record<string, string> = {
    title: n.title,
    body: n.body,
    url: n.url ?? '',
    priority: n.priority,
    sessionId: n.sessionId ?? '',
  };
  return template.replace(FIELD, (_, key: string) => values[key] ?? '');
}

/** The tool's arguments for one notification. */
export function renderArguments(
  templates: Record<string, ArgumentTemplate>,
  n: Notification,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(templates).map(([k, v]) => [k, typeof v === 'string' ? renderTemplate(v, n) : v]),
  );
}
