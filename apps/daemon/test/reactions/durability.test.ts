import { describe, expect, it } from 'vitest';
import {
  escalateUndelivered,
  evaluate,
  evaluateAllComplete,
  type Incident,
  MemoryIncidentStore,
  type ReactionAction,
} from '../../src/reactions';
import { activity, at, check, config, failing, input, pr, SHA_A, SHA_B, SHA_C, SHA_D, T0 } from './fixtures';

const types = (actions: ReactionAction[]) => actions.map((a) => `${a.type}:${a.reaction}`);

/** A store rebuilt from its rows, as after a daemon restart (what SQLite would hand back). */
function restart(store: MemoryIncidentStore): MemoryIncidentStore {
  const rows = JSON.parse(JSON.stringify(store.all())) as Incident[];
  const fresh = new MemoryIncidentStore();
  for (const r of rows) fresh.put(r);
  return fresh;
}

describe('reaction incidents are durable', () => {
  it('sends the same failure once, even across a restart', () => {
    const cfg = config();
    let store = new MemoryIncidentStore();
    expect(types(evaluate(input({ pr: failing() }), store, cfg, at(0)))).toEqual(['send_to_agent:ci_failed']);
    expect(evaluate(input({ pr: failing() }), store, cfg, at(1))).toEqual([]);
    store = restart(store);
    expect(evaluate(input({ pr: failing() }), store, cfg, at(2))).toEqual([]);
    expect(store.all()).toEqual([
      expect.objectContaining({ kind: 'ci_failed', key: SHA_A, attempts: 1, sent: [`ci:${SHA_A}:test`] }),
    ]);
  });

  it('sends a newly failed check on the same commit, and only that one', () => {
    const cfg = config();
    const store = new MemoryIncidentStore();
    evaluate(input({ pr: failing() }), store, cfg, at(0));
    const both = failing(SHA_A, { checks: [check('lint', 'failure'), check('test', 'failure')] });
    const [a] = evaluate(input({ pr: both }), store, cfg, at(1));
    expect(a).toMatchObject({ type: 'send_to_agent', attempt: 2, fingerprints: [`ci:${SHA_A}:lint`] });
    expect(a?.type === 'send_to_agent' && a.message).not.toContain('runs/test');
  });

  it('a flapping check (fail, re-run, pass, fail on the same commit) neither resends nor resets the budget', () => {
    const cfg = config({ ci_failed: { retries: 2 } });
    const store = new MemoryIncidentStore();
    const running = pr({ ci: 'pending', checks: [check('test', null, 'in_progress')] });
    const sequence = [failing(), running, pr(), running, failing()];
    const actions = sequence.flatMap((p, i) => evaluate(input({ pr: p }), store, cfg, at(i)));
    expect(types(actions)).toEqual(['send_to_agent:ci_failed']);
    // Next commit fails: attempt 2 of 2. The one after: escalate.
    expect(evaluate(input({ pr: failing(SHA_B) }), store, cfg, at(10))).toMatchObject([{ attempt: 2 }]);
    expect(types(evaluate(input({ pr: failing(SHA_C) }), store, cfg, at(11)))).toEqual([
      'escalate:ci_failed',
    ]);
  });

  it('a re-run that passes on the failed commit is a flap: the next commit keeps counting', () => {
    const cfg = config({ ci_failed: { retries: 2 } });
    const store = new MemoryIncidentStore();
    expect(evaluate(input({ pr: failing(SHA_A) }), store, cfg, at(0))).toMatchObject([{ attempt: 1 }]);
    expect(evaluate(input({ pr: pr({ headSha: SHA_A }) }), store, cfg, at(1))).toEqual([]);
    expect(evaluate(input({ pr: failing(SHA_B) }), store, cfg, at(2))).toMatchObject([{ attempt: 2 }]);
    // Passing on a commit that never failed is a real fix: the budget starts over.
    expect(evaluate(input({ pr: pr({ headSha: SHA_C }) }), store, cfg, at(3))).toEqual([]);
    expect(evaluate(input({ pr: failing(SHA_D) }), store, cfg, at(4))).toMatchObject([{ attempt: 1 }]);
  });

  it('retries across commits, escalates once past the budget, then starts over after a real fix', () => {
    const cfg = config({ ci_failed: { retries: 3, escalate_after: 'never' } });
    const store = new MemoryIncidentStore();
    const run = (sha: string, m: number, p = failing(sha)) => evaluate(input({ pr: p }), store, cfg, at(m));
    expect(run(SHA_A, 0)).toMatchObject([{ type: 'send_to_agent', attempt: 1 }]);
    expect(run(SHA_B, 5)).toMatchObject([{ type: 'send_to_agent', attempt: 2 }]);
    expect(run(SHA_C, 10)).toMatchObject([{ type: 'send_to_agent', attempt: 3 }]);
    const [esc] = run(SHA_D, 15);
    expect(esc).toMatchObject({
      type: 'escalate',
      reaction: 'ci_failed',
      attempt: 3,
      notification: { priority: 'urgent' },
    });
    expect(esc?.type === 'escalate' && esc.reason).toMatch(/after 3 attempt/);
    expect(run(SHA_D, 16)).toEqual([]);
    expect(run('e'.repeat(40), 17)).toEqual([]); // escalated: a human has it
    // CI passes on a new commit: fixed. A later failure gets a fresh budget.
    expect(run('f'.repeat(40), 20, pr({ headSha: 'f'.repeat(40) }))).toEqual([]);
    expect(run('9'.repeat(40), 30)).toMatchObject([{ type: 'send_to_agent', attempt: 1 }]);
  });

  it('escalates when still failing after escalate_after, once', () => {
    const cfg = config({ ci_failed: { retries: 10, escalate_after: '30m' } });
    const store = new MemoryIncidentStore();
    expect(types(evaluate(input({ pr: failing() }), store, cfg, at(0)))).toEqual(['send_to_agent:ci_failed']);
    expect(evaluate(input({ pr: failing() }), store, cfg, at(29))).toEqual([]);
    const restarted = restart(store); // the clock started before the restart and keeps running
    expect(types(evaluate(input({ pr: failing() }), restarted, cfg, at(31)))).toEqual(['escalate:ci_failed']);
    expect(evaluate(input({ pr: failing() }), restarted, cfg, at(45))).toEqual([]);
    expect(evaluate(input({ pr: failing() }), restart(restarted), cfg, at(60))).toEqual([]);
  });

  it('never sends a review comment twice, even after the agent pushes a new commit', () => {
    const cfg = config();
    const store = new MemoryIncidentStore();
    const t1 = { path: 'a.ts', line: 1, author: 'bob', body: 'rename this', url: 'https://x/c1' };
    const t2 = { path: 'b.ts', line: 9, author: 'bob', body: 'add a test', url: 'https://x/c2' };
    const review = (sha: string, threads: (typeof t1)[]) =>
      pr({ headSha: sha, reviewDecision: 'changes_requested', unresolvedThreads: threads });
    const [first] = evaluate(input({ pr: review(SHA_A, [t1]) }), store, cfg, at(0));
    expect(first?.type === 'send_to_agent' && first.message).toContain('a.ts:1');
    expect(evaluate(input({ pr: review(SHA_B, [t1]) }), store, cfg, at(1))).toEqual([]);
    const [second] = evaluate(input({ pr: review(SHA_B, [t1, t2]) }), store, cfg, at(2));
    expect(second?.type === 'send_to_agent' && second.message).toContain('b.ts:9');
    expect(second?.type === 'send_to_agent' && second.message).not.toContain('a.ts:1');
  });

  it('uses comment ids from details when given', () => {
    const store = new MemoryIncidentStore();
    const p = pr({ reviewDecision: 'changes_requested' });
    const c = { id: 991, path: 'x.ts', line: 3, author: 'eve', body: 'why?', url: null };
    const first = evaluate(input({ pr: p, details: { reviewComments: [c] } }), store, config(), at(0));
    expect(first).toMatchObject([{ fingerprints: ['comment:991'] }]);
    const edited = { ...c, body: 'why? (edited)' };
    expect(evaluate(input({ pr: p, details: { reviewComments: [edited] } }), store, config(), at(1))).toEqual(
      [],
    );
  });

  it('agent_stuck fires once per idle episode and again for a new one', () => {
    const store = new MemoryIncidentStore();
    const idle = input({ pr: null, activity: activity('idle', 0) });
    expect(types(evaluate(idle, store, config(), at(11)))).toEqual(['notify:agent_stuck']);
    expect(evaluate(idle, store, config(), at(20))).toEqual([]);
    evaluate(input({ pr: null, activity: activity('working', 21) }), store, config(), at(21));
    const again = input({ pr: null, activity: activity('idle', 30) });
    expect(types(evaluate(again, store, config(), at(41)))).toEqual(['notify:agent_stuck']);
  });

  it('agent_stuck: nudged, the agent answers and stops again with the same work left: the next attempt, then escalated', () => {
    const cfg = config({ agent_stuck: { action: 'spawn_agent', after: '10m', retries: 1 } });
    const store = new MemoryIncidentStore();
    const idle = (since: number, p = failing()) => input({ pr: p, activity: activity('idle', since) });
    const active = (since: number, p = failing()) => input({ pr: p, activity: activity('working', since) });
    // ci_failed is off here: only the stuck nudges count.
    const stuckOnly = { ...cfg, ci_failed: { ...cfg.ci_failed, enabled: false } };
    expect(types(evaluate(idle(0), store, stuckOnly, at(11)))).toEqual(['send_to_agent:agent_stuck']);
    evaluate(active(12), store, stuckOnly, at(12));
    expect(types(evaluate(idle(13), store, stuckOnly, at(24)))).toEqual(['escalate:agent_stuck']);
    // It pushes a new commit (new work): a fresh budget.
    evaluate(active(25, failing(SHA_B)), store, stuckOnly, at(25));
    expect(types(evaluate(idle(26, failing(SHA_B)), store, stuckOnly, at(37)))).toEqual([
      'send_to_agent:agent_stuck',
    ]);
  });

  it('agent_stuck: an agent idle while its failure is held back (re-run, broken base) is not stuck', () => {
    const store = new MemoryIncidentStore();
    const held = failing(SHA_A, {
      checks: [
        {
          ...check('test', 'failure'),
          verdict: { class: 'broken-base', reason: 'main is red', action: 'held' },
        },
      ],
    });
    expect(evaluate(input({ pr: held, activity: activity('idle', 0) }), store, config(), at(30))).toEqual([]);
  });

  it('a message the agent never confirmed escalates instead of counting as delivered', () => {
    const store = new MemoryIncidentStore();
    const [sent] = evaluate(input({ pr: failing() }), store, config(), at(0));
    if (sent?.type !== 'send_to_agent') throw new Error('expected send_to_agent');
    const esc = escalateUndelivered(sent, 'no user turn after 3 tries', store, at(1));
    expect(esc).toMatchObject([
      { type: 'escalate', reaction: 'ci_failed', reason: expect.stringContaining('not delivered') },
    ]);
    expect(escalateUndelivered(sent, 'again', store, at(2))).toEqual([]);
    expect(
      evaluate(input({ pr: failing(SHA_A, { checks: [check('lint', 'failure')] }) }), store, config(), at(3)),
    ).toEqual([]);
  });
});

describe('evaluateAllComplete', () => {
  const s = (id: string, status: 'running' | 'done' | 'killed', merged = false) => ({
    id,
    status,
    pr: merged ? pr({ state: 'merged' }) : null,
  });

  it('notifies once when every session is finished, again for a new set', () => {
    const store = new MemoryIncidentStore();
    const cfg = config();
    expect(evaluateAllComplete({ project: 'demo', sessions: [] }, store, cfg, T0)).toEqual([]);
    const two = [s('demo-1', 'done', true), s('demo-2', 'running')];
    expect(evaluateAllComplete({ project: 'demo', sessions: two }, store, cfg, T0)).toEqual([]);
    const done = [s('demo-1', 'done', true), s('demo-2', 'killed')];
    const [n] = evaluateAllComplete({ project: 'demo', sessions: done }, store, cfg, T0);
    expect(n).toMatchObject({ type: 'notify', reaction: 'all_complete', notification: { priority: 'info' } });
    expect(n?.type === 'notify' && n.notification.body).toContain('1 merged');
    expect(evaluateAllComplete({ project: 'demo', sessions: done }, store, cfg, at(1))).toEqual([]);
    const three = [...done, s('demo-3', 'done')];
    expect(evaluateAllComplete({ project: 'demo', sessions: three }, store, cfg, at(2))).toHaveLength(1);
  });
});

describe('incident keys', () => {
  it('keys PR incidents by head sha', () => {
    const store = new MemoryIncidentStore();
    evaluate(input({ pr: failing(SHA_A) }), store, config(), T0);
    evaluate(input({ pr: failing(SHA_B) }), store, config(), at(1));
    expect(store.all().map((i) => [i.kind, i.key, i.attempts])).toEqual([
      ['ci_failed', SHA_A, 1],
      ['ci_failed', SHA_B, 1],
    ]);
  });
});
