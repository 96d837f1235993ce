import type { AgentObservation, AgentWatchContext, AgentWatcher } from '@ao/shared/plugin';
import { tailJsonl } from '../agent-shared/jsonl-tailer';
import type { PricingTable } from '../agent-shared/pricing';
import { isOnboarded, NOT_ONBOARDED_DETAIL } from './claude-state';
import { claudeCwd, transcriptPath } from './paths';
import { watchStatusFile } from './status-watch';
import { TranscriptParser } from './transcript';

export interface ClaudeWatchOptions {
  configDir: string;
  stateFile: string;
  pricing?: PricingTable;
  pollMs?: number;
}

const ONBOARDING_RECHECK_MS = 5000;

/**
 * Follows one Claude Code session: its transcript at the exact path (never a newest-file guess), its live status
 * file, and whether the install was ever set up (otherwise the TUI waits on its onboarding forever: `blocked`).
 */
export function watchClaude(
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  opts: ClaudeWatchOptions,
): AgentWatcher {
  const closers: Array<() => void> = [];
  const safeEmit = (obs: AgentObservation): void => {
    try {
      emit(obs);
    } catch (err) {
      ctx.logger.error({ err, sessionId: ctx.sessionId }, 'claude watch: emit failed');
    }
  };

  if (ctx.agentSessionId) {
    const parser = new TranscriptParser(opts.pricing);
    const tailer = tailJsonl({
      // Claude names the transcript folder after its real cwd (symlinks resolved), not the path ao gave it.
      path: transcriptPath(opts.configDir, claudeCwd(ctx.cwd), ctx.agentSessionId),
      logger: ctx.logger,
      pollMs: opts.pollMs,
      onLine: (line) => {
        for (const obs of parser.parseLine(line)) safeEmit(obs);
      },
    });
    closers.push(() => tailer.close());
  } else {
    ctx.logger.warn(
      { sessionId: ctx.sessionId },
      'claude watch: no agent session id, transcript not followed',
    );
  }

  closers.push(
    watchStatusFile(
      { configDir: opts.configDir, agentSessionId: ctx.agentSessionId, pid: ctx.pid, logger: ctx.logger },
      safeEmit,
    ),
  );
  closers.push(watchOnboarding(opts.stateFile, ctx, safeEmit));

  return {
    close() {
      for (const close of closers.splice(0)) close();
    },
  };
}

/** Emits `blocked` while the install has never been onboarded; stops checking once it has. */
function watchOnboarding(
  stateFile: string,
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
): () => void {
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let reported = false;
  const check = async (): Promise<void> => {
    let ok: boolean;
    try {
      ok = await isOnboarded(stateFile);
    } catch (err) {
      ctx.logger.warn({ err, stateFile }, 'claude watch: cannot read .claude.json');
      ok = false;
    }
    if (closed || ok) return;
    if (!reported) {
      reported = true;
      emit({
        signal: { activity: 'blocked', source: 'config', detail: NOT_ONBOARDED_DETAIL, confidence: 'high' },
      });
    }
    timer = setTimeout(() => void check(), ONBOARDING_RECHECK_MS);
    timer.unref();
  };
  void check();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
  };
}
