import { makeSession } from '@ao/shared/session-fixture';
import { describe, expect, it } from 'vitest';
import { attentionReason, needsYouReason, sessionRow } from './session-view';

const NOW = Date.parse('2026-01-02T10:05:00.000Z');
const pr = {
  number: 7,
  url: 'https://github.com/o/r/pull/7',
  state: 'open',
  draft: false,
  ci: 'passing',
  reviewDecision: 'review_required',
  mergeable: 'mergeable',
  unresolvedThreads: [],
} as unknown as NonNullable<ReturnType<typeof makeSession>['pr']>;

describe('needsYou (the human) and attention (the Review lane) in session rows', () => {
  it('an idle agent without a PR is to look at, not a call for the human', () => {
    const s = makeSession({ lane: 'review', activity: 'idle' });
    expect(needsYouReason(s, NOW, 60_000)).toBeNull();
    expect(attentionReason(s)).toBe('idle without a PR');
    expect(sessionRow(s, 60_000, NOW)).toMatchObject({ needsYou: null, attention: 'idle without a PR' });
  });

  it('a permission prompt needs the human only after its grace time', () => {
    const waiting = (at: string) =>
      makeSession({
        lane: 'review',
        activity: 'waiting_input',
        statusReason: 'Claude needs your permission',
        evidence: { source: 'hook', detail: 'permission', at, confidence: 'high' } as never,
      });
    expect(needsYouReason(waiting('2026-01-02T10:04:30.000Z'), NOW, 60_000)).toBeNull();
    expect(needsYouReason(waiting('2026-01-02T10:03:00.000Z'), NOW, 60_000)).toBe(
      'Claude needs your permission',
    );
    // Without an orchestrator (grace 0) it is the human's at once.
    expect(needsYouReason(waiting('2026-01-02T10:04:59.000Z'), NOW, 0)).toBe('Claude needs your permission');
  });

  it('a green open PR the agent is done with is for the human to review; an escalation is theirs too', () => {
    expect(needsYouReason(makeSession({ lane: 'review', activity: 'idle', pr }), NOW, 60_000)).toBe(
      'PR ready for your review',
    );
    expect(needsYouReason(makeSession({ lane: 'review', escalated: true }), NOW, 60_000)).toBe(
      'a reaction escalated',
    );
    expect(needsYouReason(makeSession({ lane: 'working', pr }), NOW, 60_000)).toBeNull();
  });
});
