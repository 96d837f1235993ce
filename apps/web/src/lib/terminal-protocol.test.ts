import { afterEach, describe, expect, it, vi } from 'vitest';
import { AckBatcher, closeReason, frameBytes, terminalUrl } from './terminal-protocol';

describe('terminalUrl', () => {
  it('uses ws on http and wss on https, and encodes the id', () => {
    expect(terminalUrl({ protocol: 'http:', host: '127.0.0.1:3000' }, 'demo-1', 80, 24)).toBe(
      'ws://127.0.0.1:3000/api/sessions/demo-1/terminal?cols=80&rows=24',
    );
    expect(terminalUrl({ protocol: 'https:', host: 'h' }, 'a/b', 1, 2)).toBe(
      'wss://h/api/sessions/a%2Fb/terminal?cols=1&rows=2',
    );
  });
});

describe('frameBytes', () => {
  it('counts UTF-8 bytes of text frames', () => {
    expect(frameBytes('abc')).toBe(3);
    expect(frameBytes('é─')).toBe(5);
    expect(frameBytes(new ArrayBuffer(7))).toBe(7);
  });
});

describe('closeReason', () => {
  it('explains the protocol close codes and lets others reconnect', () => {
    expect(closeReason(4410)).toMatch(/no live runtime/);
    expect(closeReason(4404)).toMatch(/Unknown/);
    expect(closeReason(1006)).toBeNull();
  });
});

describe('AckBatcher', () => {
  afterEach(() => vi.useRealTimers());
  it('acks at the threshold at once and the rest after the delay', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const b = new AckBatcher((n) => sent.push(n), 100, 50);
    b.rendered(60);
    expect(sent).toEqual([]);
    b.rendered(60);
    expect(sent).toEqual([120]);
    b.rendered(10);
    vi.advanceTimersByTime(49);
    expect(sent).toEqual([120]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([120, 10]);
  });
  it('sends nothing after dispose', () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const b = new AckBatcher((n) => sent.push(n), 100, 50);
    b.rendered(10);
    b.dispose();
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([]);
  });
});
