import { describe, expect, it } from 'vitest';
import { earlyReportScript, takeEarlyReport } from './early-report';
import { reportPath } from './insights';

/** Runs the inline script against an address; returns the path it fetched. */
function run(search: string): string | null {
  const g = globalThis as unknown as Record<string, unknown>;
  let asked: string | null = null;
  g['window'] = g;
  g['location'] = { search };
  const realFetch = globalThis.fetch;
  g['fetch'] = (path: string) => {
    asked = path;
    return Promise.resolve({ ok: true, json: () => Promise.resolve({ since: 'x' }) });
  };
  try {
    new Function(earlyReportScript)();
  } finally {
    g['fetch'] = realFetch;
    delete g['location'];
  }
  return asked;
}

describe('the early report request', () => {
  it('asks for the same path the page would, for any address', () => {
    expect(run('')).toBe(reportPath('30d', null));
    expect(run('?range=90d')).toBe(reportPath('90d', null));
    expect(run('?range=7d&project=my-app')).toBe(reportPath('7d', 'my-app'));
    expect(run('?range=1y')).toBe(reportPath('30d', null));
  });

  it('is taken once, and only for its own path', async () => {
    run('?range=7d');
    expect(takeEarlyReport(reportPath('30d', null))).toBeNull(); // another path: dropped
    run('?range=7d');
    await expect(takeEarlyReport(reportPath('7d', null))).resolves.toEqual({ since: 'x' });
    expect(takeEarlyReport(reportPath('7d', null))).toBeNull();
    delete (globalThis as unknown as Record<string, unknown>)['window'];
  });
});
