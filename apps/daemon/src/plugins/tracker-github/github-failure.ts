import { AoError, notFound, trackerError, trackerUnavailable } from '@ao/shared/errors';
import { httpStatusOf } from '../scm-github/github-client';

/**
 * A failed GitHub call of the tracker as ao's coded error naming GitHub: 404 → not_found (`what`); other 4xx (but
 * 429) → tracker_error; 5xx, 429, network failures and timeouts (Octokit reports those as 500) → tracker_unavailable.
 * AoErrors (no token, ...) pass through.
 */
export function githubFailure(err: unknown, what: string, timeoutMs: number): AoError {
  if (err instanceof AoError) return err;
  const status = httpStatusOf(err);
  const e = err as Error & { cause?: { name?: string } };
  const message = (e?.message ?? String(err)).split('\n')[0];
  if (status === 404) return notFound(`no GitHub ${what}`);
  if (status && status >= 400 && status < 500 && status !== 429)
    return trackerError(`GitHub answered ${status} for ${what}: ${message}`);
  if (
    [e?.name, e?.cause?.name].some((n) => n === 'TimeoutError' || n === 'AbortError') ||
    /abort/i.test(message ?? '')
  )
    return trackerUnavailable(`GitHub did not answer within ${timeoutMs / 1000} s (${what})`);
  return trackerUnavailable(`GitHub is unavailable (${status ?? 'network'}): ${message}`);
}
