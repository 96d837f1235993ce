import { stat } from 'node:fs/promises';
import type { AgentObservation, AgentWatchContext, AgentWatcher } from '@ao/shared/plugin';
import { watchScreen } from '../agent-screen/watch-screen';
import { tailJsonl } from '../agent-shared/jsonl-tailer';
import { createAiderHistoryParser } from './history';
import { chatHistoryPath } from './launch';

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/**
 * aider tells little: its chat history (user turns, replies, tokens) says when it works; only the screen can say
 * when it is idle again or waits on a `(Y)es/(N)o` question, so the screen watcher runs beside it.
 */
export function watchAider(
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  opts: { screenIntervalMs?: number; stableMs?: number } = {},
): AgentWatcher {
  const parser = createAiderHistoryParser();
  let closed = false;
  let tailer: ReturnType<typeof tailJsonl> | null = null;
  let flushQueued = false;

  const onLine = (line: string): void => {
    for (const obs of parser.onLine(line)) emit(obs);
    if (flushQueued) return;
    flushQueued = true;
    // Lines of one read arrive synchronously; a user message ends with the batch at the latest.
    setImmediate(() => {
      flushQueued = false;
      for (const obs of parser.flush()) emit(obs);
    });
  };

  const path = chatHistoryPath(ctx.sessionDir);
  // On restore (--restore-chat-history) the file holds earlier runs: follow only what is written from now on.
  void sizeOf(path)
    .then((startOffset) => {
      if (!closed) tailer = tailJsonl({ path, onLine, logger: ctx.logger, startOffset });
    })
    .catch((err: unknown) => ctx.logger.warn({ err, path }, 'aider chat history unreadable'));

  const screen = watchScreen(ctx, emit, {
    intervalMs: opts.screenIntervalMs ?? 1500,
    stableMs: opts.stableMs ?? 5000,
  });

  return {
    close() {
      closed = true;
      tailer?.close();
      screen.close();
    },
  };
}
