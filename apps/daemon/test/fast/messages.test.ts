import type { Message } from '@ao/shared/session';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorLogs, type FastDaemon, startFast } from './harness';

type Err = { error: { code: string; message: string; field?: string } };

describe('messages to the agent through the API: delivered, queued, dropped (fake runtime and agent)', () => {
  let d: FastDaemon;
  beforeAll(async () => {
    d = await startFast();
  });
  afterAll(async () => {
    expect(errorLogs(d)).toEqual([]);
    await d.close();
  });
  const messages = async (id: string) =>
    (await d.inject<{ messages: Message[] }>('GET', `/api/sessions/${id}/messages`)).body.messages;

  it('a prompt typed after start is recorded at once and delivered when a turn starts with it', async () => {
    const typed = await startFast({ config: { agents: { fake: { prompt: 'type', typeDelayMs: 0 } } } });
    try {
      const s = await typed.spawn({ prompt: 'Typed prompt' });
      await typed.until(() => typed.runtime.typed(s.id).includes('Typed prompt'), 'the prompt typed');
      expect(typed.runtime.keys(s.id)).toEqual([['Enter']]);
      expect((await typed.get(s.id)).activity).toBe('starting');
      typed.agent.turn(s.id, 'Typed prompt');
      await typed.until(async () => (await typed.get(s.id)).activity === 'working', 'working');
      const list = (await typed.inject<{ messages: Message[] }>('GET', `/api/sessions/${s.id}/messages`)).body
        .messages;
      expect(list).toMatchObject([{ kind: 'prompt', state: 'delivered' }]);
    } finally {
      await typed.close();
    }
  });

  it('send: delivered once a turn starts with the message', async () => {
    const s = await d.spawn({ prompt: 'first' });
    d.agent.turn(s.id, 'first');
    d.agent.idle(s.id);
    const reply = d.inject<{ delivery: { state: string; id: number } }>(
      'POST',
      `/api/sessions/${s.id}/send`,
      {
        message: 'Now add the docs',
      },
    );
    await d.until(() => d.runtime.typed(s.id).includes('Now add the docs'), 'the message typed');
    d.agent.turn(s.id, 'Now add the docs');
    const res = await reply;
    expect(res.status).toBe(200);
    expect(res.body.delivery).toMatchObject({ state: 'delivered' });
    expect(d.runtime.keys(s.id)).toEqual([['Enter']]);
    expect((await messages(s.id)).at(-1)).toMatchObject({
      id: res.body.delivery.id,
      kind: 'message',
      state: 'delivered',
    });
  });

  it('send: queued while the agent is busy, delivered later; queued then dropped when the agent discards it', async () => {
    const s = await d.spawn({ prompt: 'busy work' });
    d.agent.turn(s.id, 'busy work');
    const send = async (text: string) => {
      const reply = d.inject<{ delivery: { state: string; id: number } }>(
        'POST',
        `/api/sessions/${s.id}/send`,
        {
          message: text,
        },
      );
      await d.until(() => d.runtime.typed(s.id).includes(text), `${text} typed`);
      d.agent.queued(s.id, text);
      return reply;
    };
    const a = await send('second task');
    expect(a.status).toBe(200);
    expect(a.body.delivery.state).toBe('queued');
    expect((await d.get(s.id)).queuedMessages).toBe(1);
    const b = await send('third task');
    expect(b.body.delivery.state).toBe('queued');
    expect((await d.get(s.id)).queuedMessages).toBe(2);

    d.agent.turn(s.id, 'second task');
    d.agent.dropped(s.id, ['third task'], 'the user pressed Escape');
    const list = await messages(s.id);
    expect(list.find((m) => m.id === a.body.delivery.id)).toMatchObject({ state: 'delivered' });
    expect(list.find((m) => m.id === b.body.delivery.id)).toMatchObject({
      state: 'dropped',
      detail: 'the user pressed Escape',
    });
    expect((await d.get(s.id)).queuedMessages).toBe(0);
  });

  it('a queued message is dropped when the agent exits; the session is exited with its code and last lines', async () => {
    const s = await d.spawn({ prompt: 'will crash' });
    d.agent.turn(s.id, 'will crash');
    const reply = d.inject<{ delivery: { id: number; state: string } }>(
      'POST',
      `/api/sessions/${s.id}/send`,
      {
        message: 'one more thing',
      },
    );
    await d.until(() => d.runtime.typed(s.id).includes('one more thing'), 'typed');
    d.agent.queued(s.id, 'one more thing');
    const { id } = (await reply).body.delivery;

    d.runtime.print(s.id, 'working on it\n\nTypeError: cannot read x of undefined\n    at main.js:3\n');
    d.runtime.exit(s.id, 1);
    const exited = await d.until(async () => {
      const now = await d.get(s.id);
      return now.status === 'exited' ? now : null;
    }, 'exited');
    expect(exited).toMatchObject({ activity: 'exited', lane: 'review' });
    expect(exited.exit).toMatchObject({ code: 1, signal: null });
    expect(exited.exit?.lastLines).toEqual([
      'working on it',
      'TypeError: cannot read x of undefined',
      '    at main.js:3',
    ]);
    expect(exited.statusReason).toBe('fake exited with code 1: at main.js:3');
    expect((await messages(s.id)).find((m) => m.id === id)).toMatchObject({ state: 'dropped' });
    expect(d.agent.watching(s.id)).toBe(false);
    // The dead program's screen is still there to read.
    const out = await d.inject<{ text: string }>('GET', `/api/sessions/${s.id}/output?lines=5`);
    expect(out.body.text).toContain('TypeError');
  });
});

describe('messages and time (fake timers)', () => {
  let d: FastDaemon;
  beforeAll(async () => {
    d = await startFast();
  });
  afterAll(() => d.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a short message is matched to itself, never to an older waiting message that contains it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = await d.spawn({ prompt: 'Fix your flaky test' });
    // The agent shows a question before it takes its prompt; the user answers "y".
    const reply = d.inject<{ delivery: { state: string } }>('POST', `/api/sessions/${s.id}/send`, {
      message: 'y',
    });
    await d.until(() => d.runtime.typed(s.id).includes('y'), 'typed');
    d.agent.emit(s.id, { userTurn: { text: '', at: new Date().toISOString() } }); // an empty turn confirms nothing
    d.agent.turn(s.id, 'y');
    await vi.advanceTimersByTimeAsync(1_500 + 4_000 + 8_000);
    const res = await reply;
    expect(res.status).toBe(200);
    expect(res.body.delivery.state).toBe('delivered');
    const list = (await d.inject<{ messages: Message[] }>('GET', `/api/sessions/${s.id}/messages`)).body
      .messages;
    expect(list.map((m) => [m.text, m.state])).toEqual([
      ['Fix your flaky test', 'sending'],
      ['y', 'delivered'],
    ]);
  });

  it('send: not confirmed → Enter pressed again, then 502 delivery_failed and the message failed', async () => {
    const s = await d.spawn({ prompt: 'deaf agent' });
    d.agent.turn(s.id, 'deaf agent');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const reply = d.inject<Err>('POST', `/api/sessions/${s.id}/send`, { message: 'are you there?' });
    await d.until(() => d.runtime.typed(s.id).includes('are you there?'), 'typed');
    await vi.advanceTimersByTimeAsync(1_500 + 4_000 + 8_000);
    const res = await reply;
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('delivery_failed');
    expect(d.runtime.keys(s.id)).toEqual([['Enter'], ['Enter'], ['Enter']]);
    const list = (await d.inject<{ messages: Message[] }>('GET', `/api/sessions/${s.id}/messages`)).body
      .messages;
    expect(list.at(-1)).toMatchObject({ text: 'are you there?', state: 'failed' });
    // It arrives late after all: still matched, delivered.
    d.agent.turn(s.id, 'are you there?');
    const late = (await d.inject<{ messages: Message[] }>('GET', `/api/sessions/${s.id}/messages`)).body
      .messages;
    expect(late.at(-1)).toMatchObject({ text: 'are you there?', state: 'delivered' });
  });
});
