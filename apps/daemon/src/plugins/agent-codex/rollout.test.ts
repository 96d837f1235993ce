import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentObservation } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { parseJsonObject } from '../agent-shared/jsonl-tailer';
import { createRolloutParser } from './rollout';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/agents', import.meta.url));

function parseFile(name: string): AgentObservation[] {
  const parser = createRolloutParser();
  const out: AgentObservation[] = [];
  for (const line of readFileSync(join(FIXTURES, name), 'utf8').split('\n')) {
    const obj = line.trim() ? parseJsonObject(line) : null;
    if (obj) out.push(...parser.onLine(obj));
  }
  return out;
}

describe('codex rollout parser (recorded rollouts)', () => {
  it('maps an exec rollout: thread id, model, working, user turn, usage totals, idle', () => {
    const obs = parseFile('codex-rollout-exec.jsonl');
    expect(obs[0]).toEqual({ agentSessionId: '01a20aa9-a6d1-75d2-893a-8966cc94ede9' });
    const signals = obs.flatMap((o) => (o.signal ? [o.signal] : []));
    expect(signals.map((s) => s.activity)).toEqual(['working', 'idle']);
    expect(signals[1]).toMatchObject({
      source: 'rollout',
      confidence: 'high',
      detail: 'turn complete: All done.',
    });
    expect(obs.filter((o) => o.userTurn).map((o) => o.userTurn?.text)).toEqual(['make out.txt']);
    expect(obs.find((o) => o.model)?.model).toBe('mock-model');
    const usage = obs.filter((o) => o.usage).at(-1)?.usage;
    expect(usage).toEqual({ model: 'mock-model', tokensIn: 240, tokensOut: 60 });
  });

  it('maps a resumed TUI rollout: two turns, two user turns, totals keep growing', () => {
    const obs = parseFile('codex-rollout-tui-resumed.jsonl');
    const acts = obs.flatMap((o) => (o.signal ? [o.signal.activity] : []));
    expect(acts).toEqual(['working', 'idle', 'working', 'idle']);
    expect(obs.filter((o) => o.userTurn).map((o) => o.userTurn?.text)).toEqual(['make out.txt', 'say hi']);
    const usages = obs.flatMap((o) => (o.usage ? [o.usage.tokensIn] : []));
    expect(usages.at(-1)).toBeGreaterThan(usages[0] ?? 0);
  });

  it('reports approval requests, then working again when the turn goes on', () => {
    const parser = createRolloutParser();
    const ev = (payload: Record<string, unknown>) => ({
      timestamp: '2026-01-01T00:00:00Z',
      type: 'event_msg',
      payload,
    });
    expect(parser.onLine(ev({ type: 'task_started' }))[0]?.signal?.activity).toBe('working');
    const wait = parser.onLine(ev({ type: 'exec_approval_request', command: ['rm', '-rf', 'build'] }));
    expect(wait[0]?.signal).toMatchObject({
      activity: 'waiting_input',
      detail: 'approval requested: rm -rf build',
    });
    const resumed = parser.onLine({ type: 'response_item', payload: { type: 'function_call_output' } });
    expect(resumed[0]?.signal?.activity).toBe('working');
    expect(parser.onLine({ type: 'response_item', payload: { type: 'message' } })).toEqual([]);
    expect(parser.onLine(ev({ type: 'turn_aborted', reason: 'interrupted' }))[0]?.signal).toMatchObject({
      activity: 'idle',
      detail: 'turn aborted: interrupted',
    });
  });

  it('ignores lines without a payload and unknown types', () => {
    const parser = createRolloutParser();
    expect(parser.onLine({ type: 'event_msg' })).toEqual([]);
    expect(parser.onLine({ type: 'world_state', payload: { full: true } })).toEqual([]);
    expect(parser.onLine({ type: 'event_msg', payload: { type: 'token_count', info: null } })).toEqual([]);
  });
});
