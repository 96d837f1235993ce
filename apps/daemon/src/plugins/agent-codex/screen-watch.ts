import type { ActivitySignal, AgentObservation, AgentWatchContext, AgentWatcher } from '@ao/shared/plugin';
import { detectPrompt } from '../agent-screen/prompt-patterns';
import type { RolloutState } from './rollout';
import { readCodexScreen } from './screen';

export interface CodexScreenWatchOptions {
  intervalMs: number;
  /** Dialogs and the network are looked for once the open turn's rollout has been quiet this long (ms). */
  quietMs: number;
  /** Whether Codex at its prompt with no turn running on screen means idle (when the rollout cannot tell). */
  promptMeansIdle?: () => boolean;
  now?: () => number;
}

/**
 * What the rollout does not say, read from the screen while a turn is open: messages Codex holds until the running
 * tool call ends (`queued`, reported at once: the daemon waits for it), and, once the rollout has been quiet for
 * `quietMs`, an approval dialog (Codex 0.169–0.171 write no approval request to the rollout) or the model API being
 * unreachable ("Reconnecting... waiting for network", which Codex retries forever).
 */
export function watchCodexScreen(
  ctx: AgentWatchContext,
  state: RolloutState,
  emit: (obs: AgentObservation) => void,
  opts: CodexScreenWatchOptions,
): AgentWatcher {
  const now = opts.now ?? Date.now;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let reported: string | null = null;
  const queued = new Set<string>();
  let failing = false;

  const report = (
    activity: ActivitySignal['activity'],
    detail: string,
    confidence: ActivitySignal['confidence'],
  ) => {
    const key = `${activity}:${detail}`;
    if (key === reported) return;
    reported = key;
    state.lastActivity = activity;
    emit({ signal: { activity, source: 'screen', detail, confidence, at: new Date(now()).toISOString() } });
  };

  const classify = (screen: string): void => {
    const s = readCodexScreen(screen);
    const at = new Date(now()).toISOString();
    for (const text of s.queued) {
      if (queued.has(text)) continue;
      queued.add(text);
      emit({ queued: { text, at } });
    }
    if (now() - state.lastLineAt < opts.quietMs) {
      reported = null; // the turn moves: the rollout speaks
      return;
    }
    const other = s.dialog ? null : detectPrompt(screen);
    if (s.dialog?.kind === 'permission') {
      // Codex's own dialog, recognised by its exact words: as sure as the rollout, so not held behind it.
      report('waiting_input', `approval requested: ${s.dialog.text.slice(0, 200)}`, 'high');
    } else if (s.offline) {
      report('blocked', `Codex cannot reach the model API: ${s.offline.slice(0, 200)}`, 'medium');
    } else if (other) {
      report('waiting_input', `prompt on screen: ${other.slice(0, 200)}`, 'low');
    } else if (opts.promptMeansIdle?.() && !s.working && s.composer !== null) {
      report('idle', 'Codex waits at its prompt (its last turn did not finish)', 'low');
    } else {
      reported = null; // gone: the next one is reported again; the rollout says what happens now
    }
  };

  const tick = async (): Promise<void> => {
    if (!state.turnOpen) {
      queued.clear();
      reported = null;
      return;
    }
    try {
      const screen = await ctx.capture();
      failing = false;
      if (!closed) classify(screen);
    } catch (err) {
      // The runtime may be gone or busy; liveness is the runtime's job. Logged once per failure streak.
      if (!failing) ctx.logger.debug({ err, sessionId: ctx.sessionId }, 'codex screen capture failed');
      failing = true;
    }
  };

  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => void tick().finally(schedule), opts.intervalMs);
    timer.unref?.();
  };
  schedule();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
