import type { Logger } from '@ao/shared/plugin';
import type { ChatOps } from './chat-ops';

/**
 * A chat connection (Slack Socket Mode, Telegram long polling): `ready` once connected (it may retry for long when
 * the service is unreachable); `stop()` works at any time, connected or not.
 */
export interface ChatTransport {
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface TransportDeps {
  ops: ChatOps;
  logger: Logger;
}

/** How long a transport may take to stop (a last poll, a socket close) before ao stops waiting for it. */
export const STOP_TIMEOUT_MS = 3000;

export function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
