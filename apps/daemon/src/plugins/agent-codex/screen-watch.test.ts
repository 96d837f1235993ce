import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentObservation, AgentWatchContext, Logger } from '@ao/shared/plugin';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRolloutParser } from './rollout';
import { watchCodexScreen } from './screen-watch';

const SCREENS = fileURLToPath(new URL('../../../test/agent-codex/screens', import.meta.url));
const screen = (name: string) => readFileSync(join(SCREENS, `0.169-${name}.txt`), 'utf8');
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('watchCodexScreen', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports queued messages at once, the approval dialog once the rollout is quiet, nothing without a turn', async () => {
    let shown = screen('queued');
    let captures = 0;
    const ctx: AgentWatchContext = {
      sessionId: 's',
      cwd: '/w',
      sessionDir: '/d',
      agentSessionId: null,
      pid: null,
      logger: silent,
      capture: async () => {
        captures++;
        return shown;
      },
    };
    const parser = createRolloutParser(Date.now);
    const seen: AgentObservation[] = [];
    const w = watchCodexScreen(ctx, parser.state, (o) => seen.push(o), { intervalMs: 1000, quietMs: 3000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(captures).toBe(0); // no turn: nothing to look for

    parser.onLine({
      timestamp: new Date().toISOString(),
      type: 'event_msg',
      payload: { type: 'task_started' },
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.map((o) => o.queued?.text.slice(0, 10))).toEqual(['queued one', 'a much lon']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toHaveLength(2); // each once

    shown = screen('approval');
    parser.onLine({ type: 'response_item', payload: { type: 'function_call' } });
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toHaveLength(2); // the rollout spoke 2 s ago: not yet
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen[2]?.signal).toMatchObject({
      activity: 'waiting_input',
      source: 'screen',
      confidence: 'high',
    });
    expect(parser.state.lastActivity).toBe('waiting_input');
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toHaveLength(3);

    // The user answered: the next rollout line says the turn goes on.
    const resumed = parser.onLine({ type: 'response_item', payload: { type: 'function_call_output' } });
    expect(resumed[0]?.signal).toMatchObject({ activity: 'working', detail: 'turn resumed' });

    shown = [
      '• Reconnecting... waiting for network (9s • esc to interrupt)',
      '  └ Connection failed: error sending request',
      '',
      '› Ask Codex to do anything',
    ].join('\n');
    await vi.advanceTimersByTimeAsync(4000);
    expect(seen.at(-1)?.signal).toMatchObject({
      activity: 'blocked',
      confidence: 'medium',
      detail:
        'Codex cannot reach the model API: Reconnecting... waiting for network: Connection failed: error sending request',
    });
    w.close();
  });
});
