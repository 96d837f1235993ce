import { realpathSync } from 'node:fs';
import type { AgentObservation, AgentWatchContext, AgentWatcher } from '@ao/shared/plugin';
import { watchScreen } from '../agent-screen/watch-screen';
import { parseJsonObject, tailJsonl } from '../agent-shared/jsonl-tailer';
import { createRolloutFinder } from './find-rollout';
import { createRolloutParser } from './rollout';

export interface CodexWatchOptions {
  /** CODEX_HOME. */
  home: string;
  /** How often to look for the rollout file until it is found (ms). Default 1000. */
  findIntervalMs?: number;
  /** An open turn quiet for this long gets a screen check for an approval prompt (ms). Default 3000. */
  quietMs?: number;
  /** Epoch ms the session was launched; default: when watching starts. */
  since?: number;
  /** Called with the thread id once known (the agent keeps a cwd → thread map for notify filtering). */
  onThread?: (cwd: string, threadId: string) => void;
}

function cwdSpellings(cwd: string): string[] {
  try {
    const real = realpathSync(cwd);
    return real === cwd ? [cwd] : [cwd, real];
  } catch (err) {
    // The worktree may be gone already; compare with the path as given.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return [cwd];
  }
}

/**
 * Follows one Codex session: finds its rollout file once, then tails it incrementally. Codex 0.169 does not write
 * approval requests to the rollout, so while a turn is open and the rollout has been quiet for `quietMs`, the screen
 * is checked for an approval prompt (low confidence).
 */
export function watchCodex(
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  opts: CodexWatchOptions,
): AgentWatcher {
  const quietMs = opts.quietMs ?? 3000;
  const parser = createRolloutParser();
  const finder = createRolloutFinder({
    home: opts.home,
    cwds: cwdSpellings(ctx.cwd),
    threadId: ctx.agentSessionId,
    since: opts.since ?? Date.now(),
  });
  let closed = false;
  let tailer: ReturnType<typeof tailJsonl> | null = null;
  let findTimer: NodeJS.Timeout | null = null;
  let lastFindError: string | null = null;

  const onLine = (line: string): void => {
    const obj = parseJsonObject(line);
    if (!obj) return;
    for (const obs of parser.onLine(obj)) {
      if (obs.agentSessionId) {
        opts.onThread?.(ctx.cwd, obs.agentSessionId);
        const metaCwd = parser.state.cwd;
        if (metaCwd && metaCwd !== ctx.cwd) opts.onThread?.(metaCwd, obs.agentSessionId);
      }
      emit(obs);
    }
  };

  const look = async (): Promise<void> => {
    try {
      const path = await finder.find();
      if (closed) return;
      if (path) {
        ctx.logger.debug({ sessionId: ctx.sessionId, path }, 'codex rollout found');
        tailer = tailJsonl({ path, onLine, logger: ctx.logger });
        return;
      }
    } catch (err) {
      const key = String(err);
      if (key !== lastFindError)
        ctx.logger.warn({ err, sessionId: ctx.sessionId }, 'codex rollout lookup failed');
      lastFindError = key;
    }
    if (!closed) {
      findTimer = setTimeout(() => void look(), opts.findIntervalMs ?? 1000);
      findTimer.unref();
    }
  };
  void look();

  const screen = watchScreen(
    ctx,
    (obs) => {
      if (obs.signal?.activity === 'waiting_input') parser.state.lastActivity = 'waiting_input';
      emit(obs);
    },
    {
      intervalMs: 1000,
      promptsOnly: true,
      shouldSample: () =>
        parser.state.turnOpen &&
        parser.state.lastActivity !== 'waiting_input' &&
        Date.now() - parser.state.lastLineAt >= quietMs,
    },
  );

  return {
    close() {
      closed = true;
      if (findTimer) clearTimeout(findTimer);
      tailer?.close();
      screen.close();
    },
  };
}
