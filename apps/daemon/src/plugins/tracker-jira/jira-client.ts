import { notFound, trackerError, trackerUnavailable } from '@ao/shared/errors';
import { unreachable } from '../tracker-shared/tracker-errors';

export interface JiraConnection {
  baseUrl: string;
  email: string | undefined;
  token: string | undefined;
  timeoutMs: number;
}

/** `errorMessages` and `errors` of a Jira error body, joined. */
function jiraMessage(body: unknown): string {
  const b = body as { errorMessages?: unknown; errors?: unknown } | null;
  const list = Array.isArray(b?.errorMessages) ? b.errorMessages.map(String) : [];
  const fields = b?.errors && typeof b.errors === 'object' ? Object.values(b.errors).map(String) : [];
  return [...list, ...fields].join('; ');
}

/** A GET to Jira Cloud's REST API (see jiraRequest). */
export function jiraGet<T>(c: JiraConnection, path: string, what: string): Promise<T> {
  return jiraRequest<T>(c, 'GET', path, what);
}

/**
 * A request to Jira Cloud's REST API (`path` under `/rest/api/3/`), with basic auth (email + API token) and a timeout.
 * Errors name Jira: 404 → not_found (`what`), 401/403 → tracker_error, 5xx/429/network/timeout → tracker_unavailable.
 */
export async function jiraRequest<T>(
  c: JiraConnection,
  method: 'GET' | 'POST',
  path: string,
  what: string,
  payload?: unknown,
): Promise<T> {
  if (!c.email || !c.token)
    throw trackerError(
      'no Jira credentials: set JIRA_EMAIL and JIRA_API_TOKEN (or apiTokenFile in trackers.jira)',
    );
  const url = `${c.baseUrl.replace(/\/+$/, '')}/rest/api/3/${path}`;
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(url, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from(`${c.email}:${c.token}`).toString('base64')}`,
        Accept: 'application/json',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      signal: AbortSignal.timeout(c.timeoutMs),
    });
    const text = await res.text();
    body = text ? safeJson(text) : null;
  } catch (err) {
    throw unreachable('Jira', url, err, c.timeoutMs);
  }
  if (res.ok) return body as T;
  const detail = jiraMessage(body) || res.statusText;
  if (res.status === 404) throw notFound(`no Jira ${what}: ${detail}`);
  if (res.status === 401 || res.status === 403)
    throw trackerError(`Jira refused the credentials (${res.status}): check JIRA_EMAIL and JIRA_API_TOKEN`);
  if (res.status === 429 || res.status >= 500)
    throw trackerUnavailable(`Jira is unavailable (${res.status}): ${detail}`);
  throw trackerError(`Jira answered ${res.status}: ${detail}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { errorMessages: [text.slice(0, 200)] };
  }
}
