import type { RolloutState } from './rollout';

/**
 * What the Codex watcher keeps with the session (`ctx.save`) so that a restarted watcher, a restore or a probe goes on
 * from where it stopped: the rollout file, the byte offset read up to, and the turn state at that offset.
 */
export interface CodexSaved {
  v: 1;
  path: string;
  offset: number;
  state: SavedRolloutState;
}

export type SavedRolloutState = Pick<
  RolloutState,
  'threadId' | 'cwd' | 'model' | 'turnOpen' | 'turnStartedAt' | 'lastEnd'
>;

export function snapshot(state: RolloutState): SavedRolloutState {
  const { threadId, cwd, model, turnOpen, turnStartedAt, lastEnd } = state;
  return { threadId, cwd, model, turnOpen, turnStartedAt, lastEnd };
}

const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** The saved state when it is well-formed and belongs to `threadId` (when that is known); else null. */
export function readSaved(saved: unknown, threadId: string | null): CodexSaved | null {
  if (saved === null || typeof saved !== 'object') return null;
  const s = saved as Record<string, unknown>;
  const st = s['state'] as Record<string, unknown> | null | undefined;
  if (s['v'] !== 1 || typeof s['path'] !== 'string' || typeof s['offset'] !== 'number') return null;
  if (!Number.isSafeInteger(s['offset']) || (s['offset'] as number) < 0 || !st || typeof st !== 'object')
    return null;
  if (!strOrNull(st['threadId']) || !strOrNull(st['cwd']) || !strOrNull(st['model'])) return null;
  if (typeof st['turnOpen'] !== 'boolean') return null;
  if (st['turnStartedAt'] !== null && typeof st['turnStartedAt'] !== 'number') return null;
  if (threadId !== null && st['threadId'] !== threadId) return null;
  const end = st['lastEnd'] as Record<string, unknown> | null;
  const activity = end?.['activity'];
  const lastEnd: SavedRolloutState['lastEnd'] =
    (activity === 'idle' || activity === 'blocked') && typeof end?.['detail'] === 'string'
      ? { activity, detail: end['detail'] }
      : null;
  return {
    v: 1,
    path: s['path'],
    offset: s['offset'] as number,
    state: {
      threadId: st['threadId'],
      cwd: st['cwd'],
      model: st['model'],
      turnOpen: st['turnOpen'],
      turnStartedAt: st['turnStartedAt'] as number | null,
      lastEnd,
    },
  };
}
