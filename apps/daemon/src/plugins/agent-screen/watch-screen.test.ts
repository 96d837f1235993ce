import type { AgentObservation, AgentWatchContext, Logger } from '@ao/shared/plugin';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { detectPrompt } from './prompt-patterns';
import { watchScreen } from './watch-screen';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function fakeCtx(capture: () => Promise<string>): AgentWatchContext {
  return {
    sessionId: 's1',
    cwd: '/w',
    sessionDir: '/d',
    agentSessionId: null,
    pid: null,
    capture,
    logger: silent,
  };
}

const activities = (obs: AgentObservation[]) => obs.map((o) => o.signal?.activity);

describe('watchScreen', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports working while the screen changes, idle once it is stable, waiting_input on a prompt', async () => {
    let screen = 'a';
    const seen: AgentObservation[] = [];
    const w = watchScreen(
      fakeCtx(async () => screen),
      (o) => seen.push(o),
      { intervalMs: 1000, stableMs: 3000 },
    );
    await vi.advanceTimersByTimeAsync(1000); // baseline sample
    expect(seen).toEqual([]);
    screen = 'ab';
    await vi.advanceTimersByTimeAsync(1000);
    expect(activities(seen)).toEqual(['working']);
    screen = 'abc';
    await vi.advanceTimersByTimeAsync(1000);
    expect(activities(seen)).toEqual(['working']); // no repeat while still working
    await vi.advanceTimersByTimeAsync(2000);
    expect(activities(seen)).toEqual(['working']); // stable for 2s only
    await vi.advanceTimersByTimeAsync(1000);
    expect(activities(seen)).toEqual(['working', 'idle']);
    screen = 'abc\nOverwrite file.txt? (y/n)\n\n';
    await vi.advanceTimersByTimeAsync(1000);
    expect(activities(seen)).toEqual(['working', 'idle', 'waiting_input']);
    expect(seen[2]?.signal).toMatchObject({
      source: 'screen',
      confidence: 'low',
      detail: 'prompt on screen: Overwrite file.txt? (y/n)',
    });
    for (const o of seen) expect(o.signal?.confidence).toBe('low');
    w.close();
  });

  it('ignores trailing whitespace changes and stops sampling after close', async () => {
    let screen = 'same';
    let calls = 0;
    const seen: AgentObservation[] = [];
    const w = watchScreen(
      fakeCtx(async () => {
        calls++;
        return screen;
      }),
      (o) => seen.push(o),
      { intervalMs: 1000, stableMs: 2000 },
    );
    await vi.advanceTimersByTimeAsync(1000);
    screen = 'same   \n\n';
    await vi.advanceTimersByTimeAsync(2000);
    expect(activities(seen)).toEqual(['idle']);
    w.close();
    const before = calls;
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(before);
  });

  it('keeps going when a capture fails', async () => {
    let fail = true;
    const seen: AgentObservation[] = [];
    const w = watchScreen(
      fakeCtx(async () => {
        if (fail) throw new Error('no pane');
        return 'Allow this command?';
      }),
      (o) => seen.push(o),
      { intervalMs: 1000 },
    );
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toEqual([]);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(activities(seen)).toEqual(['waiting_input']);
    w.close();
  });

  it('with promptsOnly and shouldSample, reports only prompts and only when asked to sample', async () => {
    let screen = 'x';
    let sample = false;
    let calls = 0;
    const seen: AgentObservation[] = [];
    const w = watchScreen(
      fakeCtx(async () => {
        calls++;
        return screen;
      }),
      (o) => seen.push(o),
      { intervalMs: 1000, promptsOnly: true, shouldSample: () => sample },
    );
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toBe(0);
    sample = true;
    await vi.advanceTimersByTimeAsync(1000);
    screen = 'y';
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual([]);
    screen = '  Would you like to run the following command?\n› 1. Yes, proceed (y)';
    await vi.advanceTimersByTimeAsync(1000);
    expect(activities(seen)).toEqual(['waiting_input']);
    screen = 'ran it';
    await vi.advanceTimersByTimeAsync(1000);
    screen = '  Would you like to run the following command?';
    await vi.advanceTimersByTimeAsync(1000);
    expect(activities(seen)).toEqual(['waiting_input', 'waiting_input']);
    w.close();
  });
});

describe('detectPrompt', () => {
  it.each([
    ['Continue? [Y/n]', true],
    ['Apply edit to x.py? (Y)es/(N)o [Yes]:', true],
    ['Allow bash to run `ls`?', true],
    ['❯ 1. Allow once', true],
    ['Do you want to proceed?', true],
    ['All done. Nothing is waiting here.', false],
    ['We allow users to log in', false],
  ])('%s → %s', (line, expected) => {
    expect(detectPrompt(`header\n${line}\n`) !== null).toBe(expected);
  });

  it('only looks at the bottom of the screen', () => {
    const screen = ['Proceed? (y/n)', ...Array.from({ length: 20 }, (_, i) => `line ${i}`)].join('\n');
    expect(detectPrompt(screen)).toBeNull();
  });
});
