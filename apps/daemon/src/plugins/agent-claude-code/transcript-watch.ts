import type { AgentObservation, AgentWatchContext } from '@ao/shared/plugin';
import { tailJsonl } from '../agent-shared/jsonl-tailer';
import type { PricingTable } from '../agent-shared/pricing';
import { claudeCwd, transcriptPath } from './paths';
import { type ClaudeSaved, readSaved } from './saved-state';
import { TranscriptParser } from './transcript';

export interface TranscriptFollower {
  /** The parser as of the lines read so far. */
  readonly parser: TranscriptParser;
  /** Reads whatever is new now. */
  check(): Promise<void>;
  close(): void;
}

/**
 * How long after new lines the position is saved: a restart re-reads at most this much (consistently: the saved
 * totals and message ids go with the saved offset), and a busy session costs at most one small write per period.
 */
const SAVE_AFTER_MS = 3000;

/**
 * Follows a session's transcript at its exact path (never a newest-file guess) from where the watcher stopped before
 * (`ctx.saved`: offset, inode, parser state), and saves where it is (`ctx.save`) a second after new lines and at
 * close. A transcript replaced meanwhile (another inode, shorter) is read from the start with fresh totals.
 */
export function followTranscript(
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  opts: { configDir: string; pricing?: PricingTable; pollMs?: number },
): TranscriptFollower | null {
  const agentSessionId = ctx.agentSessionId;
  if (!agentSessionId) {
    ctx.logger.warn(
      { sessionId: ctx.sessionId },
      'claude watch: no agent session id, transcript not followed',
    );
    return null;
  }
  const saved = readSaved(ctx.saved);
  let parser = new TranscriptParser(opts.pricing, saved?.parser ?? null);
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const state: ClaudeSaved = {
      v: 1,
      transcript: { offset: tailer.offset, ino: tailer.ino },
      parser: parser.state(),
    };
    try {
      ctx.save?.(state as unknown as Record<string, unknown>);
    } catch (err) {
      ctx.logger.warn(
        { err, sessionId: ctx.sessionId },
        'claude watch: saving the transcript position failed',
      );
    }
  };
  const tailer = tailJsonl({
    // Claude names the transcript folder after its real cwd (symlinks resolved), not the path ao gave it.
    path: transcriptPath(opts.configDir, claudeCwd(ctx.cwd), agentSessionId),
    logger: ctx.logger,
    pollMs: opts.pollMs,
    startOffset: saved?.transcript.offset ?? 0,
    startIno: saved?.transcript.ino ?? null,
    onReset: () => {
      parser = new TranscriptParser(opts.pricing);
    },
    onLine: (line) => {
      for (const obs of parser.parseLine(line)) emit(obs);
      if (ctx.save && !timer) {
        timer = setTimeout(save, SAVE_AFTER_MS);
        timer.unref();
      }
    },
  });
  return {
    get parser() {
      return parser;
    },
    check: () => tailer.check(),
    close() {
      tailer.close();
      if (timer) save();
    },
  };
}
