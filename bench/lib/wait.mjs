// Polling with a deadline: waits are bounded and never depend on a fixed sleep being long enough.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error that ends a `waitFor` at once instead of being retried. */
export class FatalWaitError extends Error {}

/**
 * Calls `fn` every `intervalMs` until it returns a truthy value (returned) or `timeoutMs` passes (throws). Errors
 * thrown by `fn` count as "not yet", except a FatalWaitError, which is rethrown.
 */
export async function waitFor(fn, label, timeoutMs = 30_000, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  let lastError = null;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      if (err instanceof FatalWaitError) throw err;
      lastError = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${label}${lastError ? `: ${lastError.message}` : ''}`,
  );
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
