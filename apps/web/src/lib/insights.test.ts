import type { Report, SessionReportRow } from '@ao/shared/report';
import { describe, expect, it } from 'vitest';
import {
  ciColumns,
  dailyColumns,
  effectText,
  fillDays,
  formatMinutes,
  isEmptyReport,
  reportPath,
  reviewerColumns,
  sessionCells,
} from './insights';

const empty: Report = {
  since: '2026-11-20T10:00:00.000Z',
  until: '2026-11-27T10:00:00.001Z',
  projects: ['demo'],
  unreadable: [],
  totals: {
    sessions: 0,
    prsCreated: 0,
    prsMerged: 0,
    commits: 0,
    linesAdded: 0,
    aiCommits: 0,
    aiShare: 0,
    peakConcurrentAgents: 0,
  },
  days: [],
  models: [],
  reviewers: [
    { kind: 'human', reviews: 0, inlineComments: 0, share: 0 },
    { kind: 'bot', reviews: 0, inlineComments: 0, share: 0 },
    { kind: 'agent', reviews: 0, inlineComments: 0, share: 0 },
  ],
  ci: [],
  reviewComments: { fixed: 0, explained: 0, deferred: 0, open: 0 },
  fixLoops: [],
  lessons: [],
};

describe('Insights data shaping', () => {
  it('asks the report for the range, the project and the session list', () => {
    expect(reportPath('30d', null)).toBe('/api/report?since=30d&sessions=200');
    expect(reportPath('7d', 'my-app')).toBe('/api/report?since=7d&sessions=200&project=my-app');
  });

  it('fills every UTC day of the period, keeping the days the report gave', () => {
    const day = { day: '2026-11-22', mainCommits: 2, branchCommits: 5, linesAdded: 40, prsMerged: 1 };
    const days = fillDays({ ...empty, days: [day] });
    expect(days.map((d) => d.day)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    expect(days[2]).toBe(day);
    expect(days[0]).toEqual({
      day: '2026-11-20',
      mainCommits: 0,
      branchCommits: 0,
      linesAdded: 0,
      prsMerged: 0,
    });
  });

  it('daily columns: noon of each day in unix seconds, one array per series', () => {
    const c = dailyColumns({
      ...empty,
      since: '2026-11-26T08:00:00.000Z',
      days: [{ day: '2026-11-27', mainCommits: 1, branchCommits: 3, linesAdded: 12, prsMerged: 2 }],
    });
    expect(c.x).toEqual([
      Date.parse('2026-11-26T12:00:00Z') / 1000,
      Date.parse('2026-11-27T12:00:00Z') / 1000,
    ]);
    expect(c.series.map((s) => [s.label, s.values])).toEqual([
      ['main commits', [0, 1]],
      ['branch commits', [0, 3]],
      ['PRs merged', [0, 2]],
      ['lines added', [0, 12]],
    ]);
  });

  it('CI columns: most failures first, at most `max` branches', () => {
    const row = (branch: string, failures: number) => ({
      session: branch,
      branch,
      failures,
      fixCycles: failures,
      flaky: 0,
      successes: 1,
      outcome: 'self-corrected',
    });
    const c = ciColumns([row('b', 1), row('a', 3), row('c', 1), row('d', 0)], 3);
    expect(c.labels).toEqual(['a', 'b', 'c']);
    expect(c.x).toEqual([0, 1, 2]);
    expect(c.series[0]).toEqual({ label: 'failures', values: [3, 1, 1] });
    expect(c.series.map((s) => s.label)).toEqual(['failures', 'fix cycles', 'flaky', 'successes']);
  });

  it('reviewer columns by kind', () => {
    const c = reviewerColumns([
      { kind: 'human', reviews: 2, inlineComments: 5, share: 0.5 },
      { kind: 'bot', reviews: 4, inlineComments: 3, share: 0.5 },
    ]);
    expect(c.labels).toEqual(['human', 'bot']);
    expect(c.series).toEqual([
      { label: 'reviews', values: [2, 4] },
      { label: 'inline comments', values: [5, 3] },
    ]);
  });

  it('an empty period is empty; one commit or one review is not', () => {
    expect(isEmptyReport(empty)).toBe(true);
    expect(isEmptyReport({ ...empty, totals: { ...empty.totals, commits: 1 } })).toBe(false);
    const reviewed = empty.reviewers.map((r, i) => (i === 1 ? { ...r, inlineComments: 1 } : r));
    expect(isEmptyReport({ ...empty, reviewers: reviewed })).toBe(false);
  });

  it('formats durations and a session row', () => {
    expect([null, 0.4, 45, 185, 60 * 50].map(formatMinutes)).toEqual(['—', '0m', '45m', '3h 05m', '2d 2h']);
    const row: SessionReportRow = {
      session: 'demo-3',
      project: 'demo',
      task: 'issue:42',
      title: 'Fix the parser',
      agent: 'claude-code',
      models: ['claude-sonnet-4-5'],
      costUsd: 1.234,
      tokens: 1500,
      startedAt: '2026-11-27T08:00:00.000Z',
      firstPrMinutes: 30,
      ciFailures: 2,
      fixCycles: 2,
      flakyCycles: 1,
      reviewRounds: 3,
      endState: 'merged',
      mergeMinutes: 240,
    };
    expect(sessionCells(row)).toEqual({
      id: 'demo-3',
      task: '#42 Fix the parser',
      agent: 'claude-code · claude-sonnet-4-5',
      cost: '$1.23',
      firstPr: '30m',
      ci: '2 failed, 2 fixed, 1 flaky',
      reviews: '3',
      end: 'merged',
      merge: '4h 00m',
    });
    expect(
      sessionCells({ ...row, ciFailures: 0, endState: null, mergeMinutes: null, task: 'prompt' }),
    ).toMatchObject({ task: 'Fix the parser', ci: '0', end: 'live', merge: '—' });
  });
});

describe('effectText', () => {
  it('says the sample size, the first-try rate and the mean fix cycles', () => {
    expect(effectText({ sessions: 0, firstTry: 0, firstTryRate: null, meanFixCycles: null })).toBe('n=0');
    expect(effectText({ sessions: 8, firstTry: 3, firstTryRate: 0.375, meanFixCycles: 1.333 })).toBe(
      'n=8 · 38% first try · 1.33 fix cycles',
    );
  });
});
