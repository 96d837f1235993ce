import type { ActivitySignal, AgentObservation, AgentWatchContext } from '@ao/shared/plugin';
import { readJsonlFrom } from '../agent-shared/jsonl-tailer';
import type { PricingTable } from '../agent-shared/pricing';
import { claudeCwd, transcriptPath } from './paths';
import { readSaved } from './saved-state';
import { readStatusFile, statusFileSignal } from './status-file';
import { TranscriptParser } from './transcript';
import { checkWaiting } from './waiting';

export interface ProbeOptions {
  configDir: string;
  pricing?: PricingTable;
}

/**
 * Reads what Claude is doing now from its durable state, for the daemon's recovery (and whenever a hook may have been
 * missed): its status file (`idle` / `busy` / `waiting`, the live truth while the process runs), checked against the
 * screen when it waits; the transcript from the saved offset for usage, and for the activity when there is no status
 * file. Read-only: the watcher started next goes on from the same saved offset and reports the lines themselves.
 * The signal is stamped now: it is the agent's current state, newer than anything the daemon held before.
 */
export async function probeClaude(
  ctx: AgentWatchContext,
  opts: ProbeOptions,
): Promise<AgentObservation | null> {
  const now = new Date().toISOString();
  const saved = readSaved(ctx.saved);
  let parser = new TranscriptParser(opts.pricing, saved?.parser ?? null);
  if (ctx.agentSessionId) {
    const path = transcriptPath(opts.configDir, claudeCwd(ctx.cwd), ctx.agentSessionId);
    const read = readJsonlFrom(path, saved?.transcript.offset ?? 0, saved?.transcript.ino ?? null);
    if (read?.restarted) parser = new TranscriptParser(opts.pricing); // another file: its totals from scratch
    for (const line of read?.lines ?? []) parser.parseLine(line);
  }
  return observe(await status(ctx, opts, now, parser), parser);
}

async function status(
  ctx: AgentWatchContext,
  opts: ProbeOptions,
  now: string,
  parser: TranscriptParser,
): Promise<ActivitySignal | null> {
  const raw = await readStatusFile(opts.configDir, ctx.pid, ctx.agentSessionId);
  const fromFile = raw === null ? null : statusFileSignal(raw, ctx.agentSessionId);
  const failure = parser.lastActivity?.activity === 'blocked' ? parser.lastActivity : null;
  if (fromFile) {
    const probed = { ...fromFile, detail: `${fromFile.detail} (read at recovery)`, at: now };
    // Idle after a turn the API refused: still blocked on what only a person can fix.
    if (probed.activity === 'idle' && failure) return { ...failure, at: now };
    // At recovery the dialog is on screen already: one look (many sessions may be recovered one after the other).
    return checkWaiting(probed, ctx.capture, { tries: 1 });
  }
  // No status file: the process is gone (the runtime tells) or older than status files: the transcript's last word.
  const last = parser.lastActivity;
  return last ? { ...last, detail: `${last.detail} (read at recovery)`, at: now } : null;
}

function observe(signal: ActivitySignal | null, parser: TranscriptParser): AgentObservation | null {
  const obs: AgentObservation = {};
  if (signal) obs.signal = signal;
  if (parser.hasUsage) obs.usage = parser.usage();
  return Object.keys(obs).length > 0 ? obs : null;
}
