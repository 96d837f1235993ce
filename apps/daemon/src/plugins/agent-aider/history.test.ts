import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AgentObservation } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { createAiderHistoryParser, parseTokenCount } from './history';

const SAMPLE = fileURLToPath(new URL('../../../test/fixtures/agents/aider-chat-history.md', import.meta.url));

/** Feeds lines like the tailer does (empty lines dropped), flushing after each batch of `batch` lines. */
function parse(text: string, batch = 1000): AgentObservation[] {
  const p = createAiderHistoryParser(() => Date.parse('2026-11-23T23:30:00Z'));
  const out: AgentObservation[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  lines.forEach((line, i) => {
    out.push(...p.onLine(line));
    if ((i + 1) % batch === 0) out.push(...p.flush());
  });
  out.push(...p.flush());
  return out;
}

describe('aider chat history parser', () => {
  const text = readFileSync(SAMPLE, 'utf8');

  it('finds the user turns (multi-line joined), model, working signals and summed tokens', () => {
    const obs = parse(text);
    expect(obs.filter((o) => o.userTurn).map((o) => o.userTurn?.text)).toEqual([
      'Fix the off-by-one in parser.py\n\nThe last token is dropped.',
      'run the tests',
    ]);
    expect(obs.find((o) => o.model)?.model).toBe('gpt-4o');
    const signals = obs.flatMap((o) => (o.signal ? [o.signal] : []));
    expect(signals.map((s) => `${s.activity}:${s.detail}`)).toEqual([
      'working:user message sent',
      'working:model replying',
      'working:user message sent',
      'working:model replying',
    ]);
    expect(signals.every((s) => s.source === 'chat-history' && s.confidence === 'medium')).toBe(true);
    expect(obs.filter((o) => o.usage).at(-1)?.usage).toEqual({
      model: 'gpt-4o',
      tokensIn: 4900,
      tokensOut: 1324,
    });
  });

  it('gives the same result when lines arrive one batch at a time', () => {
    const whole = parse(text).filter((o) => o.userTurn || o.usage);
    const trickle = parse(text, 1).filter((o) => o.userTurn || o.usage);
    // One-line batches split multi-line user messages: only the first line is reported then.
    expect(trickle.filter((o) => o.usage)).toEqual(whole.filter((o) => o.usage));
    expect(trickle.find((o) => o.userTurn)?.userTurn?.text).toBe('Fix the off-by-one in parser.py');
  });

  it('reads token counts with k/M suffixes and thousands separators', () => {
    expect(parseTokenCount('2.3k')).toBe(2300);
    expect(parseTokenCount('1,204')).toBe(1204);
    expect(parseTokenCount('1.5M')).toBe(1_500_000);
    expect(parseTokenCount('n/a')).toBe(0);
  });
});
