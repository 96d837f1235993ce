import type { Runtime, RuntimeHandle, RuntimeState } from '@ao/shared/plugin';
import type { ExitInfo } from '@ao/shared/session';
import { plainText } from '../util/plain-text';
import { tailFile } from '../util/tail-file';
import type { SessionContext } from './context';
import { pluginsOf, sessionLogOf } from './session-plugins';
import { handleOf } from './session-row';
import { lastLines } from './watch-start';

/** How many of the lines an agent printed last are kept with its exit. */
const EXIT_LINES = 12;

/**
 * The runtime says a session's program ended by itself: the session is `exited` with its exit code and the last
 * lines it printed; a known cause (not logged in, no network) makes it `blocked` with the one command that fixes it.
 * A session ao is stopping itself, or that is not running, is left alone.
 */
type Exited = Extract<RuntimeState, { state: 'exited' }>;

export async function onRuntimeExited(ctx: SessionContext, id: string, reported: Exited): Promise<void> {
  let state = reported;
  const row = ctx.store.find(id);
  if (row?.status !== 'running' || ctx.stopping.has(id)) return;
  const handle = handleOf(row);
  const { agent, runtime } = pluginsOf(ctx, row);
  if (handle && state.exitCode === null && state.signal === null)
    state = await settled(runtime, handle, state);
  const screen = handle ? await runtime.capture(handle, 200).catch(() => '') : '';
  // A program that prints and exits at once may leave its screen empty: its terminal log still has the words.
  const shown = lastLines(screen, EXIT_LINES);
  const logged = shown.length
    ? shown
    : lastLines(plainText(tailFile(sessionLogOf(ctx.dataDir, id), 16_384)), EXIT_LINES);
  const exit: ExitInfo = {
    code: state.exitCode,
    signal: state.signal,
    lastLines: logged,
    at: new Date().toISOString(),
  };
  const now = ctx.store.find(id);
  if (now?.status !== 'running' || ctx.stopping.has(id)) return; // killed or restored meanwhile
  if (JSON.stringify(now.runtimeHandle) !== JSON.stringify(row.runtimeHandle)) return;
  const diagnosis = agent.diagnoseExit?.({ exitCode: exit.code, lastLines: exit.lastLines }) ?? null;
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
  const last = exit.lastLines.at(-1)?.trim();
  const reason = diagnosis
    ? `${row.agent} ${how}: ${diagnosis.detail}${diagnosis.fix ? `. Fix: ${diagnosis.fix}` : ''}`
    : `${row.agent} ${how}${last ? `: ${last}` : ''}`;
  ctx.watchers.stop(id);
  ctx.store.update(id, {
    status: 'exited',
    statusReason: reason,
    activity: diagnosis ? 'blocked' : 'exited',
    exit,
    evidence: { source: 'runtime', detail: reason, at: exit.at, confidence: 'high' },
  });
  ctx.messages.dropWaiting(id, `the agent ended before taking it (${how})`);
}

/**
 * A runtime may see a program gone before it knows how it ended (tmux 3.3 marks a pane dead before its exit status is
 * in): ask again a few times, briefly, before recording an exit without a code.
 */
async function settled(runtime: Runtime, handle: RuntimeHandle, state: Exited): Promise<Exited> {
  for (const ms of [100, 200, 400]) {
    await new Promise((r) => setTimeout(r, ms));
    const now = (await runtime.stateMany([handle]).catch(() => null))?.get(handle.id);
    if (now?.state !== 'exited') return state;
    if (now.exitCode !== null || now.signal !== null) return now;
  }
  return state;
}

/** The runtime session vanished (its server or container is gone): `runtime_lost`, restorable. */
export function onRuntimeGone(ctx: SessionContext, id: string, reason: string): void {
  const row = ctx.store.find(id);
  if (row?.status !== 'running' || ctx.stopping.has(id)) return;
  ctx.watchers.stop(id);
  ctx.store.update(id, {
    status: 'runtime_lost',
    statusReason: reason,
    activity: 'exited',
    evidence: { source: 'runtime', detail: reason, at: new Date().toISOString(), confidence: 'high' },
  });
  ctx.messages.dropWaiting(id, `the runtime was lost before the agent took it (${reason})`);
}
