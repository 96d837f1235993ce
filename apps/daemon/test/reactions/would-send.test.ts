import { describe, expect, it } from 'vitest';
import { evaluate, MemoryIncidentStore, wouldSendToAgent } from '../../src/reactions';
import { at, check, config, failing, input, pr, SHA_A, SHA_B, session } from './fixtures';

/** The question the GitHub loop asks before fetching CI failure details (job logs). */
describe('wouldSendToAgent (ci_failed)', () => {
  it('yes for a failure not sent yet; no once sent, until another check fails', () => {
    const store = new MemoryIncidentStore();
    const cfg = config();
    expect(wouldSendToAgent('ci_failed', input({ pr: failing() }), store, cfg, at(0))).toBe(true);
    expect(store.all()).toEqual([]); // it writes nothing
    evaluate(input({ pr: failing() }), store, cfg, at(0));
    const before = store.all();
    expect(wouldSendToAgent('ci_failed', input({ pr: failing() }), store, cfg, at(1))).toBe(false);
    expect(store.all()).toEqual(before);
    const lintToo = failing(SHA_A, { checks: [check('lint', 'failure'), check('test', 'failure')] });
    expect(wouldSendToAgent('ci_failed', input({ pr: lintToo }), store, cfg, at(2))).toBe(true);
    expect(wouldSendToAgent('ci_failed', input({ pr: failing(SHA_B) }), store, cfg, at(3))).toBe(true);
  });

  it('agrees with a message sent with the details: any unpassed conclusion names its check (e.g. stale)', () => {
    const store = new MemoryIncidentStore();
    const stale = failing(SHA_A, { checks: [check('lint', 'success'), check('e2e', 'stale')] });
    const details = { failedChecks: [{ name: 'e2e', url: null, excerpt: 'stale run' }] };
    expect(evaluate(input({ pr: stale, details }), store, config(), at(0))).toMatchObject([
      { type: 'send_to_agent', fingerprints: [`ci:${SHA_A}:e2e`] },
    ]);
    expect(wouldSendToAgent('ci_failed', input({ pr: stale }), store, config(), at(1))).toBe(false);
  });

  it('no once escalated, or when it would escalate rather than send', () => {
    const cfg = config({ ci_failed: { escalate_after: '30m', retries: 1 } });
    const store = new MemoryIncidentStore();
    evaluate(input({ pr: failing() }), store, cfg, at(0));
    // Over budget: a new failing head escalates instead of sending.
    expect(wouldSendToAgent('ci_failed', input({ pr: failing(SHA_B) }), store, cfg, at(1))).toBe(false);
    expect(evaluate(input({ pr: failing(SHA_B) }), store, cfg, at(1))).toMatchObject([{ type: 'escalate' }]);
    expect(wouldSendToAgent('ci_failed', input({ pr: failing(SHA_B) }), store, cfg, at(2))).toBe(false);
    const another = failing(SHA_B, { checks: [check('lint', 'failure'), check('test', 'failure')] });
    expect(wouldSendToAgent('ci_failed', input({ pr: another }), store, cfg, at(3))).toBe(false);
  });

  it('no when nothing would be sent to the agent at all', () => {
    const store = new MemoryIncidentStore();
    const ask = (over: Parameters<typeof input>[0], raw?: unknown) =>
      wouldSendToAgent('ci_failed', input(over), store, config(raw), at(0));
    expect(ask({ pr: pr() })).toBe(false); // passing
    expect(
      ask({ pr: failing(SHA_A, { checks: [check('test', 'failure'), check('e2e', null, 'queued')] }) }),
    ).toBe(false);
    expect(ask({ pr: failing() }, { ci_failed: { action: 'notify' } })).toBe(false);
    expect(ask({ pr: failing() }, { ci_failed: { enabled: false } })).toBe(false);
    expect(ask({ pr: failing(), session: { ...session, status: 'killed' } })).toBe(false);
    expect(ask({ pr: failing(SHA_A, { state: 'closed' }) })).toBe(false);
  });
});
