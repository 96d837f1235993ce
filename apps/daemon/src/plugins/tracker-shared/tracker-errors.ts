import { AoError, trackerUnavailable } from '@ao/shared/errors';

/** How long a request to a tracker may take by default, before it is answered as unavailable. */
export const DEFAULT_TRACKER_TIMEOUT_MS = 15_000;

/**
 * A network failure or timeout talking to `tracker` at `url` as a `tracker_unavailable` (503) error naming it; an
 * AoError (already mapped) passes through.
 */
export function unreachable(tracker: string, url: string, err: unknown, timeoutMs: number): AoError {
  if (err instanceof AoError) return err;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const where = originOf(url);
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return trackerUnavailable(`${tracker} did not answer within ${timeoutMs / 1000} s (${where})`);
  const why = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return trackerUnavailable(`${tracker} is unreachable at ${where}: ${why}`);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
