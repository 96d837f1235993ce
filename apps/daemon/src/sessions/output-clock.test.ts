import type { Runtime, RuntimeHandle } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { OutputClocks } from './output-clock';

function fakeRuntime() {
  const calls = { capture: 0, lastOutput: 0 };
  const state = { lastOutput: new Map<string, number>(), screen: 'hello' };
  const runtime = {
    async capture() {
      calls.capture++;
      return state.screen;
    },
    async lastOutputMany(handles: readonly RuntimeHandle[]) {
      calls.lastOutput++;
      return new Map(handles.map((h) => [h.id, state.lastOutput.get(h.id) ?? 0]));
    },
  } as unknown as Runtime;
  return { runtime, calls, state };
}

describe('OutputClocks', () => {
  it('captures only screens whose session printed since, with one batched query for all sessions', async () => {
    const { runtime, calls, state } = fakeRuntime();
    const clocks = new OutputClocks();
    const watchers = Array.from({ length: 20 }, (_, i) =>
      clocks.capture(runtime, { runtime: 'fake', id: `p-${i + 1}` }),
    );
    await Promise.all(watchers.map((w) => w.capture())); // first look: every screen
    expect(calls.capture).toBe(20);
    expect(calls.lastOutput).toBe(1);
    await new Promise((r) => setTimeout(r, 1600));
    state.lastOutput.set('p-3', Date.now());
    state.screen = 'changed';
    const screens = await Promise.all(watchers.map((w) => w.capture()));
    expect(calls.lastOutput).toBe(2); // still one query for all twenty
    expect(calls.capture).toBe(21); // only p-3 was captured again
    expect(screens[2]).toBe('changed');
    expect(screens[0]).toBe('hello');
  });

  it('looks again right after output in the same second (whole-second clocks)', async () => {
    const { runtime, calls, state } = fakeRuntime();
    const clocks = new OutputClocks();
    const w = clocks.capture(runtime, { runtime: 'fake', id: 'p-1' });
    state.lastOutput.set('p-1', Math.floor(Date.now() / 1000) * 1000);
    await w.capture();
    await new Promise((r) => setTimeout(r, 1600));
    await w.capture();
    expect(calls.capture).toBe(2);
  });
});
