import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectConfigSchema } from '@ao/shared/config';
import type { Notification, RerunRef, Scm } from '@ao/shared/plugin';
import type { PullRequest } from '@ao/shared/session';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open-db';
import { EventBus } from '../../events/event-bus';
import { CheckPolicy } from './check-policy';
import { CheckStore } from './check-store';

const dir = mkdtempSync(join(tmpdir(), 'ao-checkpolicy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHA = 'f'.repeat(40);
const config = (checks: Record<string, unknown> = {}) =>
  projectConfigSchema.parse({ project: { id: 'demo', name: 'Demo', repo: 'acme/demo' }, checks });
const failing = (id: number): PullRequest => ({
  number: 7,
  url: 'https://github.com/acme/demo/pull/7',
  title: 't',
  state: 'open',
  draft: false,
  headSha: SHA,
  ci: 'failing',
  checks: [{ name: 'e2e', status: 'completed', conclusion: 'failure', url: null, id }],
  reviewDecision: 'none',
  reviewersRequested: 0,
  unresolvedThreads: [],
  mergeable: 'mergeable',
});

/** A Scm that only re-runs (the slot's optional method), recording what it was asked; `refuse` makes it fail. */
function rerunScm(refuse = false): Scm & { asked: RerunRef[] } {
  const asked: RerunRef[] = [];
  const no = () => Promise.reject(new Error('not in this test'));
  return {
    asked,
    findPr: no,
    getPr: no,
    createPr: no,
    merge: no,
    failedCheckDetails: no,
    reviewBodies: no,
    stats: () => ({ requests: 0, notModified: 0 }),
    async rerunFailedChecks(_repo, ref) {
      asked.push(ref);
      if (refuse) throw new Error('403 This workflow run cannot be re-run');
      return { via: 'workflow_run', id: ref.checkRunId + 1 };
    },
  };
}

describe('CheckPolicy (real SQLite, events)', () => {
  const db = openDb(join(dir, 'ao.db'));
  const store = new CheckStore(db);
  const notes: Notification[] = [];
  const policy = new CheckPolicy({
    store,
    bus: new EventBus(db),
    logger: pino({ level: 'silent' }),
    notify: async (_p, n) => void notes.push(n),
  });
  const target = (checks: Record<string, unknown> = {}) => ({
    project: { id: 'demo', configPath: '', repoPath: '', config: config(checks) },
    repo: 'acme/demo',
    sessionId: 'demo-1',
    branch: 'ao/1',
  });
  // History: failed then passed on one commit of another branch.
  for (const [i, failed] of [true, false].entries())
    store.record({
      repo: 'acme/demo',
      name: 'e2e',
      runKey: `run:${i + 1}`,
      headSha: 'a'.repeat(40),
      branch: 'ao/2',
      prNumber: 8,
      onDefault: false,
      conclusion: failed ? 'failure' : 'success',
      failed,
      checkRunId: i + 1,
      at: new Date(Date.now() - 60_000 + i).toISOString(),
    });

  it('a refused re-run wakes the agent after all, with why', async () => {
    const t = target();
    const first = policy.annotate(t, failing(10));
    expect(first.pr.checks[0]?.verdict).toMatchObject({ class: 'flaky', action: 'rerun' });
    expect(first.todo).toEqual([{ kind: 'rerun', name: 'e2e', sha: SHA, checkRunId: 10 }]);
    const scm = rerunScm(true);
    expect(await policy.carryOut(t, scm, first.todo)).toBe(true);
    const again = policy.annotate(t, failing(10));
    expect(again.todo).toEqual([]);
    expect(again.pr.checks[0]?.verdict).toMatchObject({
      class: 'flaky',
      action: 'woke',
      reason: 'failed then passed on aaaaaaa; re-run refused: 403 This workflow run cannot be re-run',
    });
  });

  it('flaky.rerun: false wakes the agent at once; nothing is classified before every check finished', () => {
    const t = target({ flaky: { rerun: false } });
    const pending = { ...failing(20), headSha: 'e'.repeat(40), ci: 'pending' as const };
    expect(policy.annotate(t, pending).pr.checks[0]?.verdict).toBeUndefined();
    const pr = { ...failing(20), headSha: 'e'.repeat(40) };
    const { pr: out, todo } = policy.annotate(t, pr);
    expect(todo).toEqual([]);
    expect(out.checks[0]?.verdict).toMatchObject({ class: 'flaky', action: 'woke' });
  });

  it('a failure held for a broken base is re-run once the base passes again, not told to the agent', () => {
    const t = target({ brokenBase: { notify: false } });
    const sha = 'b'.repeat(40);
    const at = (ms: number) => new Date(Date.now() - 30_000 + ms).toISOString();
    const outcome = (runKey: string, headSha: string, branch: string, failed: boolean, ms: number) =>
      store.record({
        repo: 'acme/demo',
        name: 'e2e',
        runKey,
        headSha,
        branch,
        prNumber: null,
        onDefault: branch === 'main',
        conclusion: failed ? 'failure' : 'success',
        failed,
        checkRunId: null,
        at: at(ms),
      });
    outcome('held:main-1', 'c'.repeat(40), 'main', true, 0);
    const held = policy.annotate(t, { ...failing(40), headSha: sha });
    expect(held.pr.checks[0]?.verdict).toMatchObject({ class: 'broken-base', action: 'held' });
    expect(held.todo).toEqual([]);
    // Main is fixed: the held failure is re-run (once), nobody woken.
    outcome('held:main-2', '9'.repeat(40), 'main', false, 1);
    const again = policy.annotate(t, { ...failing(40), headSha: sha });
    expect(again.todo).toEqual([{ kind: 'rerun', name: 'e2e', sha, checkRunId: 40 }]);
    expect(again.pr.checks[0]?.verdict).toMatchObject({ class: 'broken-base', action: 'rerun' });
    expect(again.pr.checks[0]?.verdict?.reason).toMatch(/^held for a broken base \(also failing on main/);
    expect(policy.annotate(t, { ...failing(40), headSha: sha }).todo).toEqual([]);
    // Its re-run fails too, with the base green: the agent is woken.
    expect(policy.annotate(t, { ...failing(41), headSha: sha }).pr.checks[0]?.verdict).toMatchObject({
      class: 'real',
      action: 'woke',
    });
  });

  it('a re-run that never replaced the failed run is given up on after 30 minutes', () => {
    const t = target();
    const sha = 'd'.repeat(40);
    store.decide({
      repo: 'acme/demo',
      headSha: sha,
      name: 'e2e',
      class: 'flaky',
      reason: 'failed then passed on aaaaaaa',
      action: 'rerun',
      rerunOf: 30,
      at: new Date(Date.now() - 31 * 60_000).toISOString(),
    });
    const { pr } = policy.annotate(t, { ...failing(30), headSha: sha });
    expect(pr.checks[0]?.verdict).toMatchObject({ class: 'real', action: 'woke' });
    expect(pr.checks[0]?.verdict?.reason).toMatch(/^the re-run on ddddddd did not start within 30 min/);
    expect(notes).toEqual([]);
  });
});
