import type { ActivitySignal, AgentObservation, AgentWatchContext, AgentWatcher } from '@ao/shared/plugin';
import { DEFAULT_PROMPT_PATTERNS, detectPrompt, normalizeScreen, PROMPT_TAIL_LINES } from './prompt-patterns';

export interface ScreenWatchOptions {
  /** How often the screen is sampled (ms). Default 1000. */
  intervalMs?: number;
  /** How long the screen must stay unchanged to count as idle (ms). Default 5000. */
  stableMs?: number;
  /** Screen text that means the agent waits for an answer. */
  promptPatterns?: readonly RegExp[];
  /** Only report prompts (waiting_input); leave working/idle to better signals. Default false. */
  promptsOnly?: boolean;
  /** Decides, before each sample, whether to sample at all (e.g. only while a turn is open). Default: always. */
  shouldSample?: () => boolean;
  /** The signal's source name. Default 'screen'. */
  source?: string;
  /** Clock, for tests. */
  now?: () => number;
}

type ScreenActivity = 'working' | 'idle' | 'waiting_input';

/**
 * The last-resort activity signal: samples the session's screen. A changing screen means working, a screen unchanged
 * for `stableMs` means idle, a known prompt at the bottom means waiting for input. Every signal has confidence 'low'.
 * Emits only when the derived activity changes.
 */
export function watchScreen(
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  opts: ScreenWatchOptions = {},
): AgentWatcher {
  const intervalMs = Math.max(50, opts.intervalMs ?? 1000);
  const stableMs = opts.stableMs ?? 5000;
  const patterns = opts.promptPatterns ?? DEFAULT_PROMPT_PATTERNS;
  const source = opts.source ?? 'screen';
  const now = opts.now ?? Date.now;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let last: string | null = null;
  let lastChangeAt = now();
  let current: ScreenActivity | null = null;
  let failing = false;

  const report = (activity: ScreenActivity, detail: string): void => {
    if (activity === current) return;
    current = activity;
    const signal: ActivitySignal = {
      activity,
      source,
      detail,
      confidence: 'low',
      at: new Date(now()).toISOString(),
    };
    emit({ signal });
  };

  const classify = (screen: string): void => {
    const text = normalizeScreen(screen);
    const t = now();
    const changed = last !== null && text !== last;
    const first = last === null;
    if (first || changed) lastChangeAt = t;
    last = text;
    const prompt = detectPrompt(text, patterns, PROMPT_TAIL_LINES);
    if (prompt !== null) {
      report('waiting_input', `prompt on screen: ${prompt.slice(0, 200)}`);
    } else if (opts.promptsOnly) {
      // The prompt is gone: forget it so the next prompt is reported again; other signals say what happens now.
      current = null;
    } else if (changed) {
      report('working', 'screen changing');
    } else if (!first && t - lastChangeAt >= stableMs) {
      report('idle', `screen unchanged for ${Math.round((t - lastChangeAt) / 1000)}s`);
    }
  };

  const tick = async (): Promise<void> => {
    if (opts.shouldSample && !opts.shouldSample()) {
      last = null;
      if (opts.promptsOnly) current = null;
      return;
    }
    try {
      const screen = await ctx.capture();
      failing = false;
      if (!closed) classify(screen);
    } catch (err) {
      // The runtime may be gone or busy; liveness is the runtime's job. Log once per failure streak.
      if (!failing) ctx.logger.debug({ err, sessionId: ctx.sessionId }, 'screen capture failed');
      failing = true;
    }
  };

  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, intervalMs);
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
