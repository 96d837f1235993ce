import type { ReviewBody } from '@ao/shared/plugin';
import { describe, expect, it } from 'vitest';
import { evaluate, MemoryIncidentStore, type ReactionAction } from '../../src/reactions';
import { at, config, input, pr, SHA_A, SHA_B } from './fixtures';

const body = (
  id: string,
  author: string,
  text: string,
  state: ReviewBody['state'] = 'changes_requested',
) => ({
  id,
  author,
  state,
  body: text,
  url: `https://github.com/o/r/pull/12#pullrequestreview-${id}`,
});
const thread = (n: number, text: string) => ({
  path: 'src/login.ts',
  line: n,
  author: 'alice',
  body: text,
  url: `https://github.com/o/r/pull/12#discussion_r${n}`,
});
const message = (actions: ReactionAction[]) =>
  actions.map((a) => (a.type === 'send_to_agent' ? a.message : `(${a.type})`)).join('\n---\n');

const R1 = body('R1', 'alice', 'A couple of things: the redirect ignores returnTo, and nothing tests it.');
const T1 = thread(3, 'Read returnTo from the query string.');
const T2 = thread(27, 'Add a test for a deep link.');
const requested = (sha = SHA_A, threads = [T1, T2]) =>
  pr({ headSha: sha, reviewDecision: 'changes_requested', unresolvedThreads: threads });

describe("a review's own words reach the agent with its inline comments", () => {
  it('sends the body and both comments in one message, each once', () => {
    const store = new MemoryIncidentStore();
    const first = evaluate(
      input({ pr: requested(), details: { reviewBodies: [R1] } }),
      store,
      config(),
      at(0),
    );
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      type: 'send_to_agent',
      reaction: 'changes_requested',
      fingerprints: ['review:R1', `comment:${T1.url}`, `comment:${T2.url}`],
    });
    const text = message(first);
    expect(text).toContain('@alice requested changes: A couple of things: the redirect ignores returnTo');
    expect(text).toContain('src/login.ts:3 — @alice: Read returnTo from the query string.');
    expect(text).toContain('src/login.ts:27 — @alice: Add a test for a deep link.');
    expect(text).toContain('#pullrequestreview-R1');
    expect(
      evaluate(input({ pr: requested(), details: { reviewBodies: [R1] } }), store, config(), at(1)),
    ).toEqual([]);
  });

  it('threads resolved before the approval lands: nothing is sent, and the budget is kept', () => {
    const store = new MemoryIncidentStore();
    evaluate(input({ pr: requested(), details: { reviewBodies: [R1] } }), store, config(), at(0));
    const resolved = requested(SHA_B, []); // the agent pushed a fix and the threads were resolved
    expect(
      evaluate(input({ pr: resolved, details: { reviewBodies: [R1] } }), store, config(), at(1)),
    ).toEqual([]);
    expect(evaluate(input({ pr: resolved }), store, config(), at(2))).toEqual([]); // a timer's evaluation
    expect(evaluate(input({ pr: resolved }), store, config(), at(90))).toEqual([]); // nor escalated: not the agent's move
    const [incident] = store.all();
    expect(incident).toMatchObject({ key: SHA_A, attempts: 1, resolvedAt: null });
  });

  it('a later review is sent alone; a bot commenting is sent once (as bot_review), then the condition clears', () => {
    const store = new MemoryIncidentStore();
    evaluate(input({ pr: requested(), details: { reviewBodies: [R1] } }), store, config(), at(0));
    const bot = body('R2', 'cursor', 'Bugbot: possible null dereference in login.ts', 'commented');
    const next = evaluate(
      input({ pr: requested(SHA_A), details: { reviewBodies: [R1, bot] } }),
      store,
      config(),
      at(1),
    );
    expect(next).toMatchObject([
      { type: 'send_to_agent', reaction: 'bot_review', fingerprints: ['review:R2'] },
    ]);
    expect(message(next)).toContain('@cursor commented: Bugbot: possible null dereference');
    expect(message(next)).not.toContain('A couple of things');

    // Approved elsewhere, the threads resolved, no decision: the sent words hold nothing open.
    const quiet = pr({ headSha: SHA_B, reviewDecision: 'review_required' });
    const third = body('R3', 'coderabbitai', 'Actionable comments posted: 1', 'commented');
    const sent = evaluate(
      input({ pr: quiet, details: { reviewBodies: [R1, bot, third] } }),
      store,
      config(),
      at(2),
    );
    expect(sent).toMatchObject([
      { type: 'send_to_agent', reaction: 'bot_review', fingerprints: ['review:R3'] },
    ]);
    expect(
      evaluate(input({ pr: quiet, details: { reviewBodies: [R1, bot, third] } }), store, config(), at(3)),
    ).toEqual([]);
    expect(store.all().every((i) => i.resolvedAt !== null)).toBe(true);
  });
});
