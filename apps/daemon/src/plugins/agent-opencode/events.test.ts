import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentObservation } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { createEventState, mapOpencodeEvent } from './events';
import { createSseParser } from './sse-client';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/agents', import.meta.url));
const SID = 'ses_df54e4f24ffewh41BIBU8knRXT';

function replay(files: string[], rootId: string | null = null): AgentObservation[] {
  const state = createEventState(rootId);
  const out: AgentObservation[] = [];
  const parse = createSseParser((data) => out.push(...mapOpencodeEvent(state, JSON.parse(data))));
  for (const f of files) parse(readFileSync(join(FIXTURES, f), 'utf8'));
  return out;
}
const acts = (obs: AgentObservation[]) => obs.flatMap((o) => (o.signal ? [o.signal.activity] : []));

describe('opencode event mapping', () => {
  it('maps a recorded stream: session id, user turn, busy/retry → working, abort → idle', () => {
    const obs = replay(['opencode-events.sse']);
    expect(obs[0]).toEqual({ agentSessionId: SID });
    expect(obs.filter((o) => o.userTurn).map((o) => o.userTurn?.text)).toEqual(['fix the bug']);
    expect(acts(obs)).toEqual(['working', 'working', 'working', 'working', 'working', 'idle', 'idle']);
    const retry = obs.find((o) => o.signal?.detail.startsWith('API retry'))?.signal;
    expect(retry).toMatchObject({
      source: 'opencode:event',
      confidence: 'high',
      detail: 'API retry 1: Cannot connect to API: Was there a typo in the url or port?',
    });
    expect(obs.some((o) => o.title)).toBe(false); // "New session - <date>" is not a title
  });

  it('maps derived events: child permission → waiting_input, replies → working, tokens, title, long retry', () => {
    const obs = replay(['opencode-events.sse', 'opencode-events-derived.sse']).slice(-9);
    expect(acts(obs)).toEqual([
      'working',
      'waiting_input',
      'working',
      'waiting_input',
      'working',
      'blocked',
      'idle',
    ]);
    expect(obs[1]?.signal?.detail).toBe('permission: bash rm -rf build');
    expect(obs.find((o) => o.title)?.title).toBe('Fix the bug in the parser');
    expect(obs.find((o) => o.usage)?.usage).toEqual({
      model: 'claude-sonnet-4-5',
      tokensIn: 1200,
      tokensOut: 340,
    });
  });

  it('follows the resumed session only, ignoring other root sessions on the same server', () => {
    const obs = replay(['opencode-events.sse'], 'ses_other');
    expect(obs).toEqual([]);
  });

  it('ignores malformed events', () => {
    const state = createEventState(null);
    for (const ev of [null, 1, 'x', {}, { type: 'session.status' }, { type: 7, properties: {} }]) {
      expect(mapOpencodeEvent(state, ev)).toEqual([]);
    }
  });
});

describe('SSE parser', () => {
  it('joins multi-line data, ignores comments and fields, handles chunks split anywhere', () => {
    const got: string[] = [];
    const parse = createSseParser((d) => got.push(d));
    const text = ': hi\nevent: x\nid: 1\ndata: {"a":\ndata: 1}\n\ndata:2\r\n\r\n';
    for (const ch of text) parse(ch);
    expect(got).toEqual(['{"a":\n1}', '2']);
  });
});
