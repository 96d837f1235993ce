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

  it('reports a message typed mid-task once, when it is queued', () => {
    const obs = parseAll(fixture('transcript-queued.jsonl'));
    const turns = obs.flatMap((o) => (o.userTurn ? [o.userTurn] : []));
    expect(turns.map((t) => t.text)).toEqual([
      'line one\nline two\nline three',
      'SLEEP now',
      'midtask message',
    ]);
    expect(turns[2]?.at).toBe('2026-11-23T23:08:16.462Z');
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
