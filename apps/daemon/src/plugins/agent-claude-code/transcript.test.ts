import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentObservation } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { TranscriptParser } from './transcript';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8').split('\n');

function parseAll(lines: string[], parser = new TranscriptParser()): AgentObservation[] {
  return lines.flatMap((l) => parser.parseLine(l));
}

describe('TranscriptParser on real claude 2.1.197 transcripts', () => {
  it('counts usage once per message.id and reports totals, model and cost', () => {
    const lines = fixture('transcript-tools.jsonl');
    const parser = new TranscriptParser();
    const obs = parseAll(lines, parser);
    const usages = obs.flatMap((o) => (o.usage ? [o.usage] : []));
    // three API responses (Write, Bash, final text), 100 in / 20 out each
    expect(usages.map((u) => u.tokensIn)).toEqual([100, 200, 300]);
    expect(parser.usage()).toMatchObject({ model: 'claude-sonnet-4-5', tokensIn: 300, tokensOut: 60 });
    expect(parser.usage().costUsd).toBeCloseTo((300 * 3 + 60 * 15) / 1e6);
    expect(obs.filter((o) => o.model)).toEqual([{ model: 'claude-sonnet-4-5' }]);
    // the same lines again (e.g. a duplicated write) add nothing
    parseAll(
      lines.filter((l) => l.includes('"type":"assistant"')),
      parser,
    );
    expect(parser.usage().tokensIn).toBe(300);
  });

  it('reports the typed prompt as a user turn, tool calls as working, the turn end as idle', () => {
    const obs = parseAll(fixture('transcript-tools.jsonl'));
    expect(obs.flatMap((o) => (o.userTurn ? [o.userTurn.text] : []))).toEqual(['PROBE please write file']);
    const signals = obs.flatMap((o) => (o.signal ? [`${o.signal.activity}:${o.signal.detail}`] : []));
    expect(signals).toEqual([
      'working:user turn',
      'working:tool call Write(/tmp/probe/repo/hello.txt)',
      'working:tool call Bash(ls -la)',
      'idle:turn finished',
    ]);
    for (const o of obs)
      if (o.signal) expect(o.signal).toMatchObject({ source: 'transcript', confidence: 'medium' });
  });

  it('a message typed mid-task is queued at its enqueue, delivered when it reaches the model', () => {
    const obs = parseAll(fixture('transcript-queued.jsonl'));
    const turns = obs.flatMap((o) => (o.userTurn ? [o.userTurn] : []));
    expect(turns.map((t) => t.text)).toEqual([
      'line one\nline two\nline three',
      'SLEEP now',
      'midtask message',
    ]);
    expect(obs.flatMap((o) => (o.queued ? [o.queued] : []))).toEqual([
      { text: 'midtask message', at: '2026-11-23T23:08:16.462Z' },
    ]);
    // Delivered with the tool result (the queued_command attachment after it), not when it was typed.
    const queuedAt = obs.findIndex((o) => o.queued);
    const deliveredAt = obs.findIndex((o) => o.userTurn?.text === 'midtask message');
    expect(deliveredAt).toBeGreaterThan(queuedAt);
  });

  it('ignores bookkeeping, meta and malformed lines', () => {
    const p = new TranscriptParser();
    const lines = [
      '{"type":"mode","mode":"normal","sessionId":"s"}',
      '{"type":"permission-mode","permissionMode":"default","sessionId":"s"}',
      '{"type":"last-prompt","lastPrompt":"x","sessionId":"s"}',
      '{"type":"file-history-snapshot","messageId":"m","snapshot":{}}',
      '{"type":"user","isMeta":true,"message":{"role":"user","content":"<system-reminder>x</system-reminder>"}}',
      '{"type":"user","message":{"role":"user","content":"<command-name>/clear</command-name>"}}',
      '{"type":"assistant","message":{"id":"e","model":"<synthetic>","usage":{"input_tokens":5,"output_tokens":5}}}',
      '{"type":"user","message":{',
      'not json',
    ];
    expect(parseAll(lines, p)).toEqual([]);
    expect(parseAll(['{"type":"ai-title","aiTitle":"Add hello file","sessionId":"s"}'], p)).toEqual([
      { title: 'Add hello file' },
    ]);
  });
});

describe.each(['2.1.197', '2.1.332'])('TranscriptParser on real claude %s transcripts', (v) => {
  const events = (lines: string[], parser = new TranscriptParser()) =>
    parseAll(lines, parser).flatMap((o) => [
      ...(o.queued ? [`queued:${o.queued.text}`] : []),
      ...(o.userTurn ? [`turn:${o.userTurn.text}`] : []),
      ...(o.dropped ? [`dropped:${o.dropped.texts.join('+')}`] : []),
    ]);

  it('queued messages: each queued once, then delivered by the turn that took it, or dropped when pulled back', () => {
    // SLOW + Escape (the queued one starts the next turn), SLOW2 (taken mid-turn), HOLD (starts a turn after the
    // running one), HOLD + Up (pulled back into the prompt box).
    const seq = events(fixture(`transcript-queue-${v}.jsonl`));
    const queued = seq.filter((e) => e.startsWith('queued:'));
    expect(queued).toEqual([
      'queued:QUEUED one',
      'queued:QUEUED two',
      'queued:QUEUED three',
      'queued:QUEUED four',
      'queued:QUEUED five',
    ]);
    for (const n of ['one', 'two', 'three', 'four']) {
      const q = seq.indexOf(`queued:QUEUED ${n}`);
      const t = seq.indexOf(`turn:QUEUED ${n}`);
      expect(t, `QUEUED ${n} delivered after it was queued`).toBeGreaterThan(q);
    }
    expect(seq).not.toContain('turn:QUEUED five');
    expect(seq).toContain('dropped:QUEUED five');
  });

  it('a queued message dequeued by a double Escape never starts a turn: dropped once Claude is idle', () => {
    const parser = new TranscriptParser();
    const seq = events(fixture(`transcript-interrupt-${v}.jsonl`), parser);
    expect(seq).toContain('queued:QUEUED seven');
    expect(seq).not.toContain('turn:QUEUED seven');
    expect(seq.filter((e) => e.startsWith('dropped:'))).toEqual([]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(parser.idle(later)).toEqual([
      {
        dropped: {
          texts: ['QUEUED seven'],
          reason: 'Claude put it back into its prompt box, unsent (interrupted)',
          at: later,
        },
      },
    ]);
    expect(parser.idle(later)).toEqual([]);
  });

  it('a turn refused by the API (401) ends blocked, and the turn end does not hide it', () => {
    const obs = parseAll(fixture(`transcript-api-error-${v}.jsonl`));
    const last = obs.flatMap((o) => (o.signal ? [o.signal] : [])).at(-1);
    expect(last).toMatchObject({ activity: 'blocked', source: 'transcript' });
    expect(last?.detail).toMatch(/^the API refused the turn: Invalid API key · Fix external API key\. Fix: /);
    expect(obs.some((o) => o.usage)).toBe(false); // the synthetic error message costs nothing
  });

  it('saves and restores its state: going on from an offset counts nothing twice', () => {
    const lines = fixture(v === '2.1.197' ? 'transcript-tools.jsonl' : 'transcript-tools-2.1.332.jsonl');
    const whole = new TranscriptParser();
    parseAll(lines, whole);
    const cut = Math.floor(lines.length / 2);
    const first = new TranscriptParser();
    parseAll(lines.slice(0, cut), first);
    const resumed = new TranscriptParser({}, JSON.parse(JSON.stringify(first.state())));
    // The line at the cut again (a restart mid-response re-reads nothing, but a duplicate must not count).
    parseAll(lines.slice(cut - 1), resumed);
    expect(resumed.usage()).toEqual(whole.usage());
    expect(resumed.lastActivity).toMatchObject({ activity: 'idle', detail: 'turn finished' });
  });
});
