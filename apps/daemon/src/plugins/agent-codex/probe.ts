import { open } from 'node:fs/promises';
import type { ActivitySignal, AgentObservation, AgentWatchContext } from '@ao/shared/plugin';
import { parseJsonObject } from '../agent-shared/jsonl-tailer';
import { createRolloutFinder, cwdSpellings } from './find-rollout';
import { processStartedAt } from './proc-start';
import { createRolloutParser } from './rollout';
import { readSaved } from './saved-state';
import { type CodexScreen, readCodexScreen } from './screen';
import { currentSignal } from './turn-state';

/** Without a saved offset, this much of the rollout's end is read (a turn's start and end lines are in it). */
const TAIL_BYTES = 4 * 1024 * 1024;
/** From a saved offset, at most this much is read; past it, the tail alone. */
const MAX_BYTES = 32 * 1024 * 1024;

/** Calls `onLine` for each complete line of `path` from `from` (a line start), or of its tail when `from` is null. */
export async function readLines(
  path: string,
  from: number | null,
  onLine: (line: string) => void,
): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const resume = from !== null && from <= size && size - from <= MAX_BYTES;
    const start = resume ? from : Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    let text = buf.subarray(0, bytesRead).toString('utf8');
    if (!resume && start > 0) text = text.slice(text.indexOf('\n') + 1); // a partial first line
    const lines = text.split('\n');
    lines.pop(); // the last one is empty or not complete yet
    for (const line of lines) if (line.trim()) onLine(line);
    return resume;
  } finally {
    await fh.close();
  }
}

/** What the screen adds to what the rollout says (null: nothing). */
export function screenSignal(
  s: CodexScreen,
  rollout: ActivitySignal | null,
  at: string,
): ActivitySignal | null {
  const base = { source: 'screen', at } as const;
  if (s.dialog?.kind === 'permission') {
    return {
      ...base,
      activity: 'waiting_input',
      detail: `approval requested: ${s.dialog.text}`,
      confidence: 'high',
    };
  }
  if (s.dialog) return { ...base, activity: 'blocked', detail: s.dialog.text, confidence: 'high' };
  if (s.offline) {
    return {
      ...base,
      activity: 'blocked',
      detail: `Codex cannot reach the model API: ${s.offline}`,
      confidence: 'medium',
    };
  }
  const unsure = rollout === null || rollout.confidence !== 'high';
  if (unsure && !s.working && s.composer !== null) {
    return { ...base, activity: 'idle', detail: 'Codex waits at its prompt', confidence: 'low' };
  }
  return null;
}

/**
 * What Codex does now, from its own files: the rollout from the saved offset (else its tail) gives the last turn's
 * state, the process's start tells an interrupted turn from a running one, and the screen adds what the rollout
 * does not record (an approval dialog, the network). Null when neither can tell.
 */
export async function probeCodex(ctx: AgentWatchContext, home: string): Promise<AgentObservation | null> {
  const saved = readSaved(ctx.saved, ctx.agentSessionId);
  const path =
    saved?.path ??
    (ctx.agentSessionId
      ? await createRolloutFinder({
          home,
          cwds: cwdSpellings(ctx.cwd),
          threadId: ctx.agentSessionId,
          since: 0,
        }).find()
      : null);
  const at = new Date().toISOString();
  let signal: ActivitySignal | null = null;
  let threadId: string | null = null;
  if (path) {
    let parser = createRolloutParser(Date.now, saved?.state);
    const lines: string[] = [];
    const resumed = await readLines(path, saved?.offset ?? null, (l) => lines.push(l)).catch(
      (err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null; // the rollout is gone: the screen tells
        throw err;
      },
    );
    if (resumed === false) parser = createRolloutParser(); // the tail alone: the saved state is not its start
    for (const line of lines) {
      const obj = parseJsonObject(line);
      if (obj) parser.onLine(obj);
    }
    signal = currentSignal(parser.state, await processStartedAt(ctx.pid), at);
    threadId = parser.state.threadId ?? ctx.agentSessionId;
  }
  if (signal === null || signal.activity === 'working') {
    const screen = await ctx.capture().catch(() => null); // no screen: the rollout alone
    if (screen !== null) signal = screenSignal(readCodexScreen(screen), signal, at) ?? signal;
  }
  if (!signal && !threadId) return null;
  return { ...(signal ? { signal } : {}), ...(threadId ? { agentSessionId: threadId } : {}) };
}
