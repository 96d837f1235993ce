import type { Logger } from '@ao/shared/plugin';
import type { ChatOps } from './chat-ops';

/** A running chat connection (Slack Socket Mode, Telegram long polling). */
export interface ChatTransport {
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
