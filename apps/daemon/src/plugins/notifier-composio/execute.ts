import type { Composio } from '@composio/core';

export interface ToolCall {
  userId: string;
  action: string;
  arguments: Record<string, unknown>;
  version?: string;
  connectedAccountId?: string;
  timeoutMs: number;
}

/** An error from the Composio API, however deep the SDK wrapped it: its HTTP status and the API's own message. */
function apiFailure(err: unknown): { status: number; message: string } | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const status = (e as { status?: unknown }).status;
    if (typeof status !== 'number') continue;
    const body = (e as { error?: { error?: { message?: unknown } } }).error;
    const message = body?.error?.message;
    return { status, message: typeof message === 'string' ? message : (e as Error).message };
  }
  return null;
}

/** The SDK's error (or a timeout) as one line naming Composio and the tool. */
export function describeFailure(err: unknown, call: Pick<ToolCall, 'action' | 'timeoutMs'>): string {
  const name = (err as Error)?.name ?? '';
  const prefix = `Composio ${call.action}`;
  if (name === 'ComposioRequestCancelledError' || name === 'TimeoutError' || name === 'AbortError')
    return `${prefix}: no answer within ${call.timeoutMs} ms`;
  const api = apiFailure(err);
  if (api?.status === 401 || api?.status === 403)
    return `${prefix}: Composio refused the API key (${api.status}): check COMPOSIO_API_KEY`;
  if (api) return `${prefix}: Composio answered ${api.status}: ${api.message.slice(0, 300)}`;
  return `${prefix} failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 400);
}

let sdk: Promise<typeof import('@composio/core')> | null = null;
/** The SDK is loaded on the first notification only: the daemon starts without it. */
const loadSdk = () => {
  sdk ??= import('@composio/core');
  return sdk;
};

/** A client for one API key: no telemetry, no npm version check, no automatic file uploads (the default). */
export async function composioClient(apiKey: string, baseUrl?: string): Promise<Composio> {
  const { Composio } = await loadSdk();
  return new Composio({ apiKey, baseURL: baseUrl, allowTracking: false, disableVersionCheck: true });
}

/**
 * Executes the tool for the user through the SDK (`tools.execute`: GET the tool, then POST its execution), bounded
 * by the timeout. Rejects with a message naming Composio and the tool when the SDK fails or the tool answers
 * `successful: false`.
 */
export async function executeTool(client: Composio, call: ToolCall): Promise<void> {
  let result: Awaited<ReturnType<Composio['tools']['execute']>>;
  try {
    result = await client.tools.execute(
      call.action,
      {
        userId: call.userId,
        arguments: call.arguments,
        connectedAccountId: call.connectedAccountId,
        ...(call.version ? { version: call.version } : { dangerouslySkipVersionCheck: true }),
      },
      { signal: AbortSignal.timeout(call.timeoutMs) },
    );
  } catch (err) {
    throw new Error(describeFailure(err, call));
  }
  if (!result.successful)
    throw new Error(
      `Composio ${call.action} did not succeed: ${String(result.error ?? 'no error given').slice(0, 300)}`,
    );
}
