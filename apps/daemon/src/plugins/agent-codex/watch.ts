import type { ActivitySignal, AgentObservation, AgentWatchContext, AgentWatcher } from '@ao/shared/plugin';
import { type JsonlTailer, parseJsonObject, tailJsonl } from '../agent-shared/jsonl-tailer';
import { createRolloutFinder, cwdSpellings, type RolloutFinder } from './find-rollout';
import { processStartedAt } from './proc-start';
import { createRolloutParser, type RolloutParser } from './rollout';
import { type CodexSaved, readSaved, snapshot } from './saved-state';
import { watchCodexScreen } from './screen-watch';
import { currentSignal } from './turn-state';

export interface CodexWatchOptions {
  /** CODEX_HOME. */
  home: string;
  /** How often to look for the rollout file until it is found (ms). Default 1000. */
  findIntervalMs?: number;
  /** An open turn quiet for this long gets a screen check (approval dialog, network, queued messages) (ms). Default 3000. */
  quietMs?: number;
  /** Epoch ms the session was launched; default: the Codex process's start (else when watching starts). */
  since?: number;
  /** Called with the thread id once known (the agent keeps a cwd → thread map for notify filtering). */
  onThread?: (cwd: string, threadId: string) => void;
}

/**
 * Follows one Codex session: finds its rollout file once (or takes it from the saved state), tails it from where it
 * was read last, and, once caught up, says what Codex does now with the current time: a resumed Codex writes nothing
 * to its rollout, and the lines read again carry their old times, which the daemon rightly takes as stale. Turn
 * boundaries save the offset and turn state (`ctx.save`). The screen covers what the rollout does not say.
 */
export function watchCodex(
  ctx: AgentWatchContext,
  emit: (obs: AgentObservation) => void,
  opts: CodexWatchOptions,
): AgentWatcher {
  return new CodexWatch(ctx, emit, opts);
}

class CodexWatch implements AgentWatcher {
  private readonly saved: CodexSaved | null;
  private readonly parser: RolloutParser;
  private readonly watchedAt = Date.now();
  /** The Codex process's start (epoch ms), once asked; null when unknown (no pid, no /proc). */
  private readonly agentStartedAt: Promise<number | null>;
  private readonly screen: AgentWatcher;
  private finder: RolloutFinder | null;
  private tailer: JsonlTailer | null = null;
  private path: string | null = null;
  private closed = false;
  private findTimer: NodeJS.Timeout | null = null;
  private lastFindError: string | null = null;
  private persistQueued = false;
  private agentStartUnknown = false;
  private lastSignal: ActivitySignal | null = null;

  constructor(
    private readonly ctx: AgentWatchContext,
    private readonly emit: (obs: AgentObservation) => void,
    private readonly opts: CodexWatchOptions,
  ) {
    const saved = readSaved(ctx.saved, ctx.agentSessionId);
    this.saved = saved;
    this.parser = createRolloutParser(Date.now, saved?.state);
    this.finder = saved ? { find: async () => saved.path } : null;
    this.agentStartedAt = processStartedAt(ctx.pid).catch((err: unknown) => {
      ctx.logger.debug({ err, sessionId: ctx.sessionId }, 'codex: no process start time');
      return null;
    });
    void this.look();
    this.screen = watchCodexScreen(ctx, this.parser.state, emit, {
      intervalMs: 1000,
      quietMs: opts.quietMs ?? 3000,
      promptMeansIdle: () => this.agentStartUnknown,
    });
  }

  close(): void {
    this.closed = true;
    if (this.findTimer) clearTimeout(this.findTimer);
    this.tailer?.close();
    this.screen.close();
  }

  /**
   * A new session's rollout is the one for its cwd started after Codex did (the process's start, exact; else when
   * watching began, which may be seconds later on a loaded machine: a quick first turn would then look too old).
   */
  private async makeFinder(): Promise<RolloutFinder> {
    const started = this.opts.since ?? (await this.agentStartedAt) ?? this.watchedAt;
    return createRolloutFinder({
      home: this.opts.home,
      cwds: cwdSpellings(this.ctx.cwd),
      threadId: this.ctx.agentSessionId,
      since: Math.min(started, this.watchedAt),
    });
  }

  private async look(): Promise<void> {
    try {
      this.finder ??= await this.makeFinder();
      const found = await this.finder.find();
      if (this.closed) return;
      if (found) {
        this.ctx.logger.debug({ sessionId: this.ctx.sessionId, path: found }, 'codex rollout found');
        this.follow(found);
        return;
      }
    } catch (err) {
      const key = String(err);
      if (key !== this.lastFindError)
        this.ctx.logger.warn({ err, sessionId: this.ctx.sessionId }, 'codex rollout lookup failed');
      this.lastFindError = key;
    }
    if (!this.closed) {
      this.findTimer = setTimeout(() => void this.look(), this.opts.findIntervalMs ?? 1000);
      this.findTimer.unref();
    }
  }

  private follow(path: string): void {
    this.path = path;
    const startOffset = this.saved?.path === path ? this.saved.offset : 0;
    const tailer = tailJsonl({ path, onLine: (l) => this.onLine(l), logger: this.ctx.logger, startOffset });
    this.tailer = tailer;
    this.reportCurrent(tailer).catch((err: unknown) =>
      this.ctx.logger.warn({ err, sessionId: this.ctx.sessionId }, 'codex: reading the current state failed'),
    );
  }

  private onLine(line: string): void {
    const obj = parseJsonObject(line);
    if (!obj) return;
    const wasOpen = this.parser.state.turnOpen;
    for (const obs of this.parser.onLine(obj)) {
      if (obs.signal) this.lastSignal = obs.signal;
      if (obs.agentSessionId) {
        this.opts.onThread?.(this.ctx.cwd, obs.agentSessionId);
        const metaCwd = this.parser.state.cwd;
        if (metaCwd && metaCwd !== this.ctx.cwd) this.opts.onThread?.(metaCwd, obs.agentSessionId);
        this.persist();
      }
      this.emit(obs);
    }
    if (this.parser.state.turnOpen !== wasOpen) this.persist();
  }

  /** Once everything already in the file is read: what Codex does now, said now. */
  private async reportCurrent(tailer: JsonlTailer): Promise<void> {
    await tailer.check();
    const startedAt = await this.agentStartedAt;
    if (this.closed) return;
    // Without the process's start an open turn may be a dead one: then Codex at its prompt means idle.
    this.agentStartUnknown = startedAt === null;
    const state = this.parser.state;
    if (state.threadId) this.opts.onThread?.(this.ctx.cwd, state.threadId);
    const signal = currentSignal(state, startedAt, new Date().toISOString());
    // The last line read already said it, and this Codex wrote it: nothing to restate.
    const last = this.lastSignal;
    const live = startedAt !== null && last?.at !== undefined && Date.parse(last.at) >= startedAt;
    if (signal && !(live && last?.activity === signal.activity)) {
      state.lastActivity = signal.activity;
      this.emit({ signal });
    }
    this.persist();
  }

  /** Saves the offset and turn state after the lines read in this go (then the two match). */
  private persist(): void {
    if (this.persistQueued) return;
    this.persistQueued = true;
    setImmediate(() => {
      this.persistQueued = false;
      if (this.closed || !this.tailer || !this.path) return;
      const state: CodexSaved = {
        v: 1,
        path: this.path,
        offset: this.tailer.offset,
        state: snapshot(this.parser.state),
      };
      this.ctx.save?.({ ...state });
    });
  }
}
