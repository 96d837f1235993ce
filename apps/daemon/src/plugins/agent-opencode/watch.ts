import type { AgentObservation, AgentWatchContext, AgentWatcher } from '@ao/shared/plugin';
import { createEventState, mapOpencodeEvent } from './events';
import { basicAuth, readServerInfo } from './server-info';
import { connectSse } from './sse-client';

/** Follows the session's opencode server (`GET /event`, the port ao chose at launch) and maps its events. */
export function watchOpencode(
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  opts: { retryMs?: number } = {},
): AgentWatcher {
  const state = createEventState(ctx.agentSessionId);
  const client = connectSse({
    logger: ctx.logger,
    retryMs: opts.retryMs,
    target: async () => {
      const info = await readServerInfo(ctx.sessionDir);
      return info ? { url: `${info.url}/event`, headers: { authorization: basicAuth(info) } } : null;
    },
    onData: (data) => {
      let event: unknown;
      try {
        event = JSON.parse(data);
      } catch (err) {
        ctx.logger.debug({ err, sessionId: ctx.sessionId }, 'opencode event is not JSON; skipped');
        return;
      }
      for (const obs of mapOpencodeEvent(state, event)) emit(obs);
    },
  });
  return { close: () => client.close() };
}
