import type { Check } from '@ao/shared/session';
import { describe, expect, it } from 'vitest';
import { checkFromRun, checkFromStatus, ciRollup } from './ci-rollup';

const done = (conclusion: string): Check => ({
  name: conclusion,
  status: 'completed',
  conclusion,
  url: null,
});
const running = (status: Check['status']): Check => ({ name: status, status, conclusion: null, url: null });

describe('ciRollup', () => {
  it.each<[string, Check[], ReturnType<typeof ciRollup>]>([
    ['no checks', [], 'none'],
    ['all success', [done('success'), done('success')], 'passing'],
    ['neutral and skipped pass', [done('success'), done('neutral'), done('skipped')], 'passing'],
    ['a failure', [done('success'), done('failure')], 'failing'],
    ['timed out fails', [done('timed_out')], 'failing'],
    ['cancelled fails', [done('cancelled')], 'failing'],
    ['action_required fails', [done('action_required')], 'failing'],
    ['a commit status error fails', [done('error')], 'failing'],
    ['queued keeps pending even with a failure', [done('failure'), running('queued')], 'pending'],
    ['in progress keeps pending', [done('success'), running('in_progress')], 'pending'],
    ['a pending status keeps pending', [done('success'), running('pending')], 'pending'],
  ])('%s', (_label, checks, expected) => {
    expect(ciRollup(checks)).toBe(expected);
  });
});

describe('check mapping', () => {
  it('maps check runs: waiting/requested count as queued, the GitHub page is the link', () => {
    const base = {
      id: 1,
      name: 'build',
      html_url: 'https://github.com/a/b/runs/1',
      details_url: 'https://ci/1',
      app: null,
    };
    expect(checkFromRun({ ...base, status: 'waiting', conclusion: null })).toEqual({
      name: 'build',
      status: 'queued',
      conclusion: null,
      url: 'https://github.com/a/b/runs/1',
      id: base.id,
    });
    expect(
      checkFromRun({ ...base, html_url: null, status: 'completed', conclusion: 'failure' }),
    ).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      url: 'https://ci/1',
    });
  });

  it('maps commit statuses', () => {
    expect(checkFromStatus({ context: 'ci', state: 'pending', target_url: null, description: null })).toEqual(
      {
        name: 'ci',
        status: 'pending',
        conclusion: null,
        url: null,
      },
    );
    expect(
      checkFromStatus({ context: 'ci', state: 'failure', target_url: 'https://x', description: 'd' }),
    ).toEqual({
      name: 'ci',
      status: 'completed',
      conclusion: 'failure',
      url: 'https://x',
    });
  });
});
