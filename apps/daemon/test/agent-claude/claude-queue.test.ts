import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text } from '../mocks/anthropic-mock';
import { claudeBins } from './claude-bins';
import { ClaudeHarness, confirmedByATurn, type Seen } from './claude-harness';

/**
 * Messages typed while Claude is busy waiting for the model: Claude queues them. Each is `queued` when typed, and
 * either `delivered` by the turn that takes it or `dropped` when Claude gives it back (into the prompt box, unsent),
 * never silently lost.
 */
describe.each(claudeBins())('claude-code agent ($name): queued messages (real CLI)', ({ path: bin }) => {
  let h: ClaudeHarness;
  beforeAll(async () => {
    h = await ClaudeHarness.start({ permissions: 'skip', bin });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const gated = () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    return { gate, release };
  };
  const queuedAs = (t: string) => (s: Seen) => s.obs.queued?.text === t;
  const turnOf = (t: string) => (s: Seen) => s.obs.userTurn?.text === t;

  it('queued while the model answers, it starts the next turn when this one ends: delivered then', async () => {
    const { gate, release } = gated();
    h.mock.on('TASK-HOLD-ONE', [{ ...text('First answer.'), before: () => gate }]);
    h.mock.on('QUEUED-NEXT', [text('Second answer.')]);
    const { handle } = await h.launch('queue-1', 'TASK-HOLD-ONE: answer slowly');
    await h.mock.waitForRequest((r) => r.main && r.lastUserText.includes('TASK-HOLD-ONE'));
    const mark = h.seen.length;
    await h.agent.typeMessage?.(h.runtime, handle, 'QUEUED-NEXT after you');
    await h.waitFor(queuedAs('QUEUED-NEXT after you'), 'queued', { from: mark });
    expect(h.seen.slice(mark).some(turnOf('QUEUED-NEXT after you'))).toBe(false);
    release();
    const turn = await h.waitFor(turnOf('QUEUED-NEXT after you'), 'the queued message starts a turn', {
      from: mark,
    });
    // Confirmed by the transcript's user line or by the turn's Stop, never by the prompt hook alone.
    expect(confirmedByATurn(turn), JSON.stringify(turn)).toBe(true);
    await h.mock.waitForRequest((r) => r.main && r.lastUserText.includes('QUEUED-NEXT after you'));
    await h.waitFor((s) => s.obs.signal?.detail === 'turn finished', 'its turn finished', {
      from: h.seen.indexOf(turn),
    });
    expect(h.seen.slice(mark).some((s) => s.obs.dropped)).toBe(false);
  }, 90_000);

  it('queued, then pulled back into the prompt box (Up): dropped, never sent', async () => {
    const { gate, release } = gated();
    h.mock.on('TASK-HOLD-TWO', [{ ...text('Never shown.'), before: () => gate }]);
    const { handle } = await h.launch('queue-2', 'TASK-HOLD-TWO: answer slowly');
    await h.mock.waitForRequest((r) => r.main && r.lastUserText.includes('TASK-HOLD-TWO'));
    const mark = h.seen.length;
    await h.agent.typeMessage?.(h.runtime, handle, 'QUEUED-DROP me');
    await h.waitFor(queuedAs('QUEUED-DROP me'), 'queued', { from: mark });
    // "Press up to edit queued messages": the text goes back into the prompt box (a double Escape may do the same,
    // or start a turn with it first: a race inside Claude, so the parser's handling of it is tested on transcripts).
    await h.runtime.sendKeys(handle, ['Up']);
    const dropped = await h.waitFor(
      (s) => s.obs.dropped?.texts.includes('QUEUED-DROP me') === true,
      'dropped',
      {
        from: mark,
      },
    );
    expect(dropped.obs.dropped?.reason).toBe(
      'Claude put it back into its prompt box, unsent (pulled back to be edited)',
    );
    expect(h.seen.slice(mark).some(turnOf('QUEUED-DROP me')), h.describe(mark)).toBe(false);
    expect(h.mock.requests.some((r) => r.allText.includes('QUEUED-DROP me'))).toBe(false);
    release();
  }, 90_000);
});
