import type { Evidence } from '@ao/shared/session';
import { applyObservation } from './apply-observation';
import type { SessionContext } from './context';
import { pluginsOf } from './session-plugins';
import { handleOf } from './session-row';

/** A session started without a prompt gets this long to give a first signal before ao looks for itself. */
export const STARTING_GRACE_MS = 15_000;

/**
 * Bounds `starting` (DESIGN.md §6): an agent that has not taken its first prompt within the project's
 * `sessions.firstPromptTimeoutSec` is shown `blocked`, with what its screen shows; a session started without a
 * prompt that gave no signal within STARTING_GRACE_MS is probed (the agent's own files), else shown `unknown`.
 */
export function watchStart(ctx: SessionContext, sessionId: string): void {
  const row = ctx.store.row(sessionId);
  const startedAt = (row.evidence as Evidence | null)?.at;
  const { project } = pluginsOf(ctx, row);
  const ms = row.promptPending ? project.config.sessions.firstPromptTimeoutSec * 1000 : STARTING_GRACE_MS;
  ctx.timers.later(ms, () => {
    checkStarted(ctx, sessionId, startedAt, ms).catch((err: Error) =>
      ctx.logger.warn({ sessionId, err: err.message }, 'checking a starting session failed'),
    );
  });
}

async function checkStarted(ctx: SessionContext, id: string, startedAt: string | undefined, ms: number) {
  const row = ctx.store.find(id);
  if (row?.status !== 'running' || row.activity !== 'starting') return;
  if ((row.evidence as Evidence | null)?.at !== startedAt) return; // restarted meanwhile
  const handle = handleOf(row);
  if (!handle) return;
  const { agent, runtime } = pluginsOf(ctx, row);
  if (!row.promptPending && agent.probe) {
    const pid = await runtime.pid(handle).catch(() => null);
    const obs = await agent.probe(ctx.watchers.contextFor(row, handle, pid));
    if (obs) applyObservation(ctx, id, obs, { authoritative: true });
    if (ctx.store.find(id)?.activity !== 'starting') return;
  }
  const screen = await runtime.capture(handle).catch(() => '');
  const verdict = agent.inspectScreen?.(screen) ?? null;
  const shown = verdict?.text ?? lastLines(screen, 6).join(' ⏎ ');
  const now = ctx.store.find(id);
  if (now?.activity !== 'starting' || (now.evidence as Evidence | null)?.at !== startedAt) return;
  const at = new Date().toISOString();
  if (now.promptPending) {
    const detail = `the agent has not taken its first prompt after ${Math.round(ms / 1000)} s; its screen: ${shown || '(empty)'}`;
    ctx.store.update(id, {
      activity: 'blocked',
      evidence: { source: 'lifecycle', detail, at, confidence: 'high' },
    });
  } else {
    const detail = `no signal from the agent since it started; its screen: ${shown || '(empty)'}`;
    ctx.store.update(id, {
      activity: 'unknown',
      evidence: { source: 'lifecycle', detail, at, confidence: 'low' },
    });
  }
}

/** The last `n` non-empty lines of a screen, trimmed. */
export function lastLines(screen: string, n: number): string[] {
  return screen
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-n);
}
