import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { notifyObservation, parseNotify } from './notify';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/agents', import.meta.url));
const [titleTurn, mainTurn] = readFileSync(join(FIXTURES, 'codex-notify.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('codex notify', () => {
  it('marks the session idle on its own agent-turn-complete, with the last message', () => {
    const obs = notifyObservation(mainTurn, () => null);
    expect(obs?.signal).toEqual({
      activity: 'idle',
      source: 'notify',
      detail: 'turn complete: All done.',
      confidence: 'high',
    });
  });

  it('ignores the title-generation thread (recorded), by prompt and by known thread id', () => {
    expect(notifyObservation(titleTurn, () => null)).toBeNull();
    const known = String(mainTurn?.['thread-id']);
    expect(notifyObservation(titleTurn, () => known)).toBeNull();
    expect(notifyObservation(mainTurn, () => known)).not.toBeNull();
    expect(notifyObservation(mainTurn, () => 'another-thread')).toBeNull();
  });

  it('returns null for malformed or other bodies, never throws', () => {
    for (const body of [null, 'x', 42, [], {}, { type: 7 }, { type: 'approval-requested' }]) {
      expect(notifyObservation(body, () => null)).toBeNull();
    }
    expect(parseNotify({ type: 'agent-turn-complete', 'input-messages': [1, 'a'] })?.inputMessages).toEqual([
      'a',
    ]);
  });
});
