import type { ActivitySignal } from '@ao/shared/plugin';
import { inspectClaudeScreen } from './screen';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Claude says it waits (status file `waiting`): its screen tells whether for a permission prompt `approve` may answer
 * (the signal stays `waiting_input`), or for another dialog only a person should answer (2.1.332's "Auto mode can't
 * check actions", a trust or API-key dialog): then `blocked`, with the dialog's own words. The dialog may be drawn a
 * moment after the status is written, so an unreadable screen is looked at again a few times.
 */
export async function checkWaiting(
  signal: ActivitySignal,
  capture: () => Promise<string>,
  opts: { tries?: number; gapMs?: number } = {},
): Promise<ActivitySignal> {
  if (signal.activity !== 'waiting_input') return signal;
  const tries = opts.tries ?? 4;
  for (let i = 0; i < tries; i++) {
    const screen = await capture().catch(() => null);
    const verdict = screen === null ? null : inspectClaudeScreen(screen);
    if (verdict?.kind === 'permission') return signal;
    if (verdict?.kind === 'dialog') {
      return {
        activity: 'blocked',
        source: 'screen',
        detail: `Claude Code shows a dialog, not a permission prompt: ${verdict.text}`,
        confidence: 'high',
        ...(signal.at ? { at: signal.at } : {}),
      };
    }
    if (i < tries - 1) await sleep(opts.gapMs ?? 300);
  }
  return signal;
}
