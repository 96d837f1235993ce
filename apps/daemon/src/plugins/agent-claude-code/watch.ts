import type { AgentObservation, AgentWatchContext, AgentWatcher } from '@ao/shared/plugin';
import type { PricingTable } from '../agent-shared/pricing';
import { isOnboarded, notOnboardedDetail } from './claude-state';
import { readStatusFile, statusFileSignal } from './status-file';
import { watchStatusFile } from './status-watch';
import { followTranscript, type TranscriptFollower } from './transcript-watch';
import { checkWaiting } from './waiting';

export interface ClaudeWatchOptions {
  configDir: string;
  stateFile: string;
  pricing?: PricingTable;
  pollMs?: number;
  /** The command that sets this Claude Code up (with ao's CLAUDE_CONFIG_DIR), for the "never set up" detail. */
  setupCommand?: string;
}

const ONBOARDING_RECHECK_MS = 5000;
/** After Claude turns idle, how long a dequeued message may take to show up as a turn before it counts as dropped. */
const DROP_CHECK_MS = 2000;
/** After a turn is confirmed from the transcript, when Claude's status is read again. */
const RECHECK_MS = 500;

/**
 * Follows one Claude Code session: its transcript (from where the watcher stopped before), its live status file, and
 * whether the install was ever set up (otherwise the TUI waits on its onboarding forever: `blocked`). When the status
 * file says Claude waits, the screen decides between a permission prompt and a dialog (`blocked`); when it says idle,
 * a turn the API refused stays `blocked`, and queued messages Claude never started a turn with are `dropped`.
 */
export function watchClaude(
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  opts: ClaudeWatchOptions,
): AgentWatcher {
  let closed = false;
  const safeEmit = (obs: AgentObservation): void => {
    if (closed) return;
    try {
      emit(obs);
    } catch (err) {
      ctx.logger.error({ err, sessionId: ctx.sessionId }, 'claude watch: emit failed');
    }
  };
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  };
  // A turn confirmed from the transcript (the daemon ignored any idle before: the prompt was not yet taken, and on
  // 2.1.197 a one-second turn's user line is written after its end): read Claude's status again, stamped now.
  let recheck = false;
  const onTranscript = (obs: AgentObservation): void => {
    safeEmit(obs);
    if (!obs.userTurn || recheck) return;
    recheck = true;
    later(() => {
      recheck = false;
      void readStatusFile(opts.configDir, ctx.pid, ctx.agentSessionId).then((raw) => {
        const signal = raw === null ? null : statusFileSignal(raw, ctx.agentSessionId);
        if (signal && !closed) onStatus({ signal: { ...signal, at: new Date().toISOString() } });
      });
    }, RECHECK_MS);
  };
  const transcript = followTranscript(ctx, onTranscript, opts);
  let statusSeq = 0;
  const onStatus = (obs: AgentObservation): void => {
    const seq = ++statusSeq;
    const current = () => !closed && seq === statusSeq;
    onStatusChange(obs, ctx, transcript, current, safeEmit, later).catch((err: unknown) =>
      ctx.logger.warn({ err, sessionId: ctx.sessionId }, 'claude watch: status failed'),
    );
  };
  const closers: Array<() => void> = [
    () => transcript?.close(),
    watchStatusFile(
      { configDir: opts.configDir, agentSessionId: ctx.agentSessionId, pid: ctx.pid, logger: ctx.logger },
      onStatus,
    ),
    watchOnboarding(opts.stateFile, ctx, safeEmit, notOnboardedDetail(opts.setupCommand)),
  ];
  return {
    close() {
      for (const close of closers.splice(0)) close();
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

async function onStatusChange(
  obs: AgentObservation,
  ctx: AgentWatchContext,
  transcript: TranscriptFollower | null,
  current: () => boolean,
  emit: (obs: AgentObservation) => void,
  later: (fn: () => void, ms: number) => void,
): Promise<void> {
  const signal = obs.signal;
  if (signal?.activity === 'waiting_input') {
    const checked = await checkWaiting(signal, ctx.capture);
    if (current()) emit({ ...obs, signal: checked });
    return;
  }
  if (signal?.activity !== 'idle' || !transcript) {
    emit(obs);
    return;
  }
  await transcript.check();
  if (!current()) return;
  const last = transcript.parser.lastActivity;
  // Idle after a turn the API refused (bad key, no credit): still blocked on what only a person can fix.
  emit(last?.activity === 'blocked' ? { ...obs, signal: { ...last, at: signal.at ?? last.at } } : obs);
  later(() => {
    if (!current()) return;
    void transcript.check().then(() => {
      if (!current()) return;
      for (const dropped of transcript.parser.idle(new Date().toISOString(), DROP_CHECK_MS - 500))
        emit(dropped);
    });
  }, DROP_CHECK_MS);
}

/** Emits `blocked` while the install has never been onboarded; stops checking once it has. */
function watchOnboarding(
  stateFile: string,
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  detail: string,
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
        signal: { activity: 'blocked', source: 'config', detail, confidence: 'high' },
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
