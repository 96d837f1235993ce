import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@ao/shared/plugin';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  /** Delay before the second try; doubled each time, capped at `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export class PostError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'PostError';
  }
}

const retryableStatus = (s: number) => s >= 500 || s === 408 || s === 429;

async function postOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    throw new PostError(`POST failed: ${(err as Error).message}`, null, true);
  }
  const text = await res.text().catch((err: Error) => `(unreadable body: ${err.message})`);
  if (!res.ok) {
    throw new PostError(
      `POST answered ${res.status}: ${text.slice(0, 200)}`,
      res.status,
      retryableStatus(res.status),
    );
  }
  return text;
}

/**
 * POSTs a body, retrying network errors, timeouts, 408, 429 and 5xx with exponential backoff, a bounded number of
 * times. Other 4xx fail at once (a bad URL or payload will not get better). Resolves with the response text.
 */
export async function postWithRetry(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: RetryPolicy,
  logger?: Logger,
): Promise<string> {
  let last: PostError | null = null;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      return await postOnce(url, body, headers, policy.timeoutMs);
    } catch (err) {
      last = err as PostError;
      if (!last.retryable || attempt === policy.attempts) break;
      const delay = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      logger?.debug({ attempt, delay, err: last.message }, 'POST failed, retrying');
      await sleep(delay);
    }
  }
  throw last ?? new PostError('POST not attempted', null, false);
}
