import { describe, expect, it } from 'vitest';
import { createRolloutParser } from './rollout';
import { readSaved, snapshot } from './saved-state';
import { currentSignal, RESTARTED_SLACK_MS } from './turn-state';

const ev = (timestamp: string, payload: Record<string, unknown>) => ({
  timestamp,
  type: 'event_msg',
  payload,
});
const AT = '2026-01-01T00:10:00.000Z';

describe('currentSignal', () => {
  it('an open turn is working while its Codex runs, idle (interrupted) when an earlier process started it', () => {
    const p = createRolloutParser();
    p.onLine(ev('2026-01-01T00:00:00.000Z', { type: 'task_started' }));
    const started = Date.parse('2026-01-01T00:00:00.000Z');
    expect(currentSignal(p.state, started - 5000, AT)).toMatchObject({
      activity: 'working',
      confidence: 'high',
      at: AT,
      source: 'rollout',
    });
    expect(currentSignal(p.state, started + RESTARTED_SLACK_MS + 1, AT)).toMatchObject({
      activity: 'idle',
      detail: expect.stringContaining('interrupted'),
    });
    // No process start time: working, but not sure (the screen decides).
    expect(currentSignal(p.state, null, AT)?.confidence).toBe('medium');
  });

  it('a closed turn says how it ended: complete, aborted, or failed (blocked, with the error)', () => {
    const p = createRolloutParser();
    expect(currentSignal(p.state, 0, AT)).toBeNull();
    p.onLine(ev(AT, { type: 'task_started' }));
    p.onLine(ev(AT, { type: 'task_complete', last_agent_message: 'All done.' }));
    expect(currentSignal(p.state, 0, AT)).toMatchObject({
      activity: 'idle',
      detail: 'turn complete: All done.',
    });
    p.onLine(ev(AT, { type: 'task_started' }));
    const failed = p.onLine(
      ev(AT, {
        type: 'task_complete',
        last_agent_message: null,
        error: { message: 'Missing environment variable: `OPENAI_API_KEY`.', codex_error_info: 'other' },
      }),
    );
    expect(failed[0]?.signal).toMatchObject({
      activity: 'blocked',
      detail: 'turn failed: Missing environment variable: `OPENAI_API_KEY`.',
    });
    expect(currentSignal(p.state, 0, AT)?.activity).toBe('blocked');
  });
});

describe('saved state', () => {
  it('round-trips, and is refused when malformed or another thread’s', () => {
    const p = createRolloutParser();
    p.onLine({ type: 'session_meta', payload: { id: 't-1', cwd: '/w' } });
    p.onLine(ev(AT, { type: 'task_started' }));
    const saved = { v: 1, path: '/h/r.jsonl', offset: 120, state: snapshot(p.state) };
    const back = readSaved(JSON.parse(JSON.stringify(saved)), 't-1');
    expect(back).toEqual(saved);
    const again = createRolloutParser(Date.now, back?.state);
    expect(again.state).toMatchObject({ threadId: 't-1', turnOpen: true, turnStartedAt: Date.parse(AT) });
    expect(readSaved(saved, 't-2')).toBeNull();
    expect(readSaved(saved, null)).toEqual(saved);
    expect(readSaved({ ...saved, offset: -1 }, null)).toBeNull();
    expect(readSaved({ ...saved, v: 2 }, null)).toBeNull();
    expect(readSaved({ ...saved, state: { ...saved.state, turnOpen: 'yes' } }, null)).toBeNull();
    expect(readSaved(null, null)).toBeNull();
    expect(readSaved('x', null)).toBeNull();
  });
});
