import type { Report } from '@ao/shared/report';
import { makeProject, type ProjectFixture } from '@ao/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ao } from '../helpers/cli';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon';

const HOUR = 3_600_000;

/** Three outcomes written as the recorder writes them: merged, live with a failing CI, and one ended long ago. */
function seed(d: TestDaemon, now: number): void {
  const iso = (ms: number) => new Date(now - ms).toISOString();
  const insert = d.app.db.$client.prepare(
    `INSERT INTO session_outcomes (session_id, project_id, task, title, branch, agent, models, tokens_in, tokens_out,
       cost_usd, started_at, first_pr_at, ci_failures, ci_fix_cycles, ci_flaky_cycles, ci_successes, review_rounds,
       end_state, ended_at, merged_at, updated_at)
     VALUES (@id, 'rep', @task, @title, @branch, 'claude-code', @models, 1000, 500, @cost, @start, @pr, @fail, @fix,
       @flaky, @ok, @rounds, @end, @ended, @merged, @start)`,
  );
  const base = {
    models: '["claude-sonnet-4-5"]',
    cost: 0,
    pr: null,
    fail: 0,
    fix: 0,
    flaky: 0,
    ok: 0,
    rounds: 0,
  };
  const none = { end: null, ended: null, merged: null };
  insert.run({
    ...base,
    id: 'rep-1',
    task: 'issue:7',
    title: 'Fix the parser',
    branch: 'ao/rep-1',
    cost: 1.25,
    start: iso(5 * HOUR),
    pr: iso(4.5 * HOUR),
    fail: 2,
    fix: 2,
    flaky: 1,
    ok: 1,
    rounds: 3,
    end: 'merged',
    ended: iso(HOUR),
    merged: iso(HOUR),
  });
  insert.run({
    ...base,
    ...none,
    id: 'rep-2',
    task: 'prompt',
    title: 'Add a flag',
    branch: 'ao/rep-2',
    start: iso(2 * HOUR),
    fail: 1,
  });
  insert.run({
    ...base,
    id: 'rep-0',
    task: 'prompt',
    title: 'Old',
    branch: 'ao/rep-0',
    start: iso(40 * 24 * HOUR),
    end: 'killed',
    ended: iso(39 * 24 * HOUR),
    merged: null,
  });
}

describe('GET /api/report?sessions=N and `ao report --sessions`', () => {
  let d: TestDaemon;
  let p: ProjectFixture;

  beforeAll(async () => {
    p = await makeProject('rep', { project: { id: 'rep', name: 'Rep', defaultBranch: 'main' } });
    d = await startTestDaemon();
    expect((await d.api('POST', '/api/projects', { configPath: p.configPath })).status).toBe(201);
    seed(d, Date.now());
  }, 60_000);
  afterAll(async () => {
    await d?.stop();
    p?.cleanup();
  });

  it('lists the sessions of the period, newest first, with the figures computed by hand', async () => {
    const r = await d.api<Report>('GET', '/api/report?since=7d&sessions=10');
    expect(r.status).toBe(200);
    expect(r.body.sessions?.total).toBe(2);
    expect(r.body.sessions?.rows.map((s) => s.session)).toEqual(['rep-2', 'rep-1']);
    expect(r.body.sessions?.rows[1]).toMatchObject({
      project: 'rep',
      task: 'issue:7',
      title: 'Fix the parser',
      agent: 'claude-code',
      models: ['claude-sonnet-4-5'],
      costUsd: 1.25,
      tokens: 1500,
      firstPrMinutes: 30,
      ciFailures: 2,
      fixCycles: 2,
      flakyCycles: 1,
      reviewRounds: 3,
      endState: 'merged',
      mergeMinutes: 240,
    });
    expect(r.body.sessions?.rows[0]).toMatchObject({
      endState: null,
      firstPrMinutes: null,
      mergeMinutes: null,
    });

    const limited = await d.api<Report>('GET', '/api/report?since=90d&sessions=1');
    expect(limited.body.sessions).toMatchObject({ total: 3, rows: [{ session: 'rep-2' }] });
    const plain = await d.api<Report>('GET', '/api/report?since=7d');
    expect(plain.body).not.toHaveProperty('sessions');
    for (const bad of ['0', '1001', 'x']) {
      const res = await d.api<{ error: { field?: string } }>('GET', `/api/report?sessions=${bad}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('sessions');
    }
  });

  it('`ao report` prints the Sessions section only with --sessions', async () => {
    const plain = (await ao(d.dataDir, ['report', '--since', '7d'])).stdout;
    expect(plain).not.toContain('Sessions\n');
    const withList = (await ao(d.dataDir, ['report', '--since', '90d', '--sessions', '2'])).stdout;
    expect(withList).toContain('Sessions\n--------');
    expect(withList).toMatch(
      /rep-1 +issue:7: Fix the parser +claude-code +claude-sonnet-4-5 +\$1\.25 +30 +2 +2 +1 +3 +merged +240/,
    );
    expect(withList).toContain('(1 more)');
    const json = JSON.parse((await ao(d.dataDir, ['report', '--json'])).stdout) as Report;
    expect(json).not.toHaveProperty('sessions');
  });
});
