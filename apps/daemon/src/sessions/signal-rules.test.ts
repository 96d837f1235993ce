import type { ActivitySignal } from '@ao/shared/plugin';
import type { Evidence } from '@ao/shared/session';
import { describe, expect, it } from 'vitest';
import { decideSignal, PROTECT_MS, type SignalState } from './signal-rules';

const T = Date.parse('2026-11-27T10:00:00.000Z');
const at = (ms: number) => new Date(T + ms).toISOString();
const ev = (source: string, confidence: Evidence['confidence'], ms: number): Evidence => ({
  source,
  detail: source,
  at: at(ms),
  confidence,
});
const sig = (
  activity: ActivitySignal['activity'],
  source: string,
  confidence: ActivitySignal['confidence'],
  ms: number,
): ActivitySignal => ({ activity, source, detail: source, confidence, at: at(ms) });
const state = (over: Partial<SignalState>): SignalState => ({
  status: 'running',
  activity: 'working',
  evidence: null,
  promptPending: false,
  ...over,
});

type Row = [string, SignalState, ActivitySignal, { authoritative?: boolean }, 'apply' | 'hold' | 'ignore'];

const table: Row[] = [
  [
    'any agent signal replaces ao spawn evidence, even a low-confidence one',
    state({ activity: 'starting', evidence: ev('spawn', 'high', 0) }),
    sig('idle', 'screen', 'low', 1),
    {},
    'apply',
  ],
  [
    'idle while the first prompt is not yet taken is the agent starting, not a finished turn',
    state({ activity: 'starting', promptPending: true, evidence: ev('spawn', 'high', 0) }),
    sig('idle', 'hook:SessionStart', 'high', 1),
    {},
    'ignore',
  ],
  [
    'a dialog while starting is shown (the agent waits on something)',
    state({ activity: 'starting', promptPending: true, evidence: ev('spawn', 'high', 0) }),
    sig('waiting_input', 'status-file', 'high', 1),
    {},
    'apply',
  ],
  [
    'working while starting: the agent took its prompt',
    state({ activity: 'starting', promptPending: true, evidence: ev('spawn', 'high', 0) }),
    sig('working', 'hook:UserPromptSubmit', 'high', 1),
    {},
    'apply',
  ],
  [
    'exited while starting',
    state({ activity: 'starting', promptPending: true, evidence: ev('spawn', 'high', 0) }),
    sig('exited', 'hook:SessionEnd', 'high', 1),
    {},
    'apply',
  ],
  [
    'fresh high-confidence evidence holds a contradicting low-confidence signal back',
    state({ activity: 'waiting_input', evidence: ev('hook:Notification', 'high', 1) }),
    sig('working', 'screen', 'low', 2),
    {},
    'hold',
  ],
  [
    'a weaker signal saying the same changes nothing',
    state({ activity: 'working', evidence: ev('hook:PreToolUse', 'high', 1) }),
    sig('working', 'transcript', 'medium', 2),
    {},
    'ignore',
  ],
  [
    'a weaker signal after the protection window wins',
    state({ activity: 'working', evidence: ev('hook:PreToolUse', 'high', 0) }),
    sig('idle', 'status-file', 'medium', PROTECT_MS + 1),
    {},
    'apply',
  ],
  [
    'a probe of durable state is not held back as weaker',
    state({ activity: 'working', evidence: ev('hook:PostToolUse', 'high', 0) }),
    sig('idle', 'status-file', 'medium', 5_000),
    { authoritative: true },
    'apply',
  ],
  [
    'a signal older than the evidence in force is stale (a late line after the agent ended)',
    state({ activity: 'exited', evidence: ev('hook:SessionEnd', 'high', 10) }),
    sig('idle', 'transcript', 'medium', 5),
    {},
    'ignore',
  ],
  [
    'a probe older than the evidence in force is stale too',
    state({ activity: 'working', evidence: ev('hook:PreToolUse', 'high', 10) }),
    sig('idle', 'status-file', 'medium', 5),
    { authoritative: true },
    'ignore',
  ],
  [
    'stronger evidence replaces weaker at once',
    state({ activity: 'idle', evidence: ev('screen', 'low', 0) }),
    sig('working', 'hook:PreToolUse', 'high', 1),
    {},
    'apply',
  ],
  [
    'signals of a session that is not live are ignored',
    state({ status: 'exited', activity: 'exited', evidence: ev('runtime', 'high', 0) }),
    sig('working', 'transcript', 'medium', 1),
    {},
    'ignore',
  ],
  [
    'signals of a killed session are ignored',
    state({ status: 'killed', activity: 'exited', evidence: ev('user', 'high', 0) }),
    sig('idle', 'hook:Stop', 'high', 1),
    {},
    'ignore',
  ],
  [
    'ao lifecycle evidence (the first-prompt timeout) gives way to any agent signal',
    state({ activity: 'blocked', promptPending: true, evidence: ev('lifecycle', 'high', 0) }),
    sig('working', 'screen', 'low', 1),
    {},
    'apply',
  ],
];

describe('decideSignal: which signal wins', () => {
  it.each(table)('%s', (_name, s, signal, opts, expected) => {
    const decision = decideSignal(s, signal, T + 60_000, opts);
    expect(decision.kind).toBe(expected);
    if (decision.kind === 'apply') {
      expect(decision.activity).toBe(signal.activity);
      expect(decision.evidence).toMatchObject({ source: signal.source, at: signal.at });
    }
    if (decision.kind === 'hold') expect(decision.until).toBe(Date.parse(s.evidence?.at ?? '') + PROTECT_MS);
  });
});
