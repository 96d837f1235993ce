import { describe, expect, it } from 'vitest';
import { mergeConfigSchema } from './config-merge';

describe('merge config', () => {
  it('keeps the queue and auto-merge off by default; a PR must be up to date, approved and green', () => {
    expect(mergeConfigSchema.parse(undefined)).toEqual({
      method: 'squash',
      cleanup: true,
      queue: false,
      autoMerge: false,
      requireUpToDate: true,
      requireApproval: true,
      requireChecks: true,
    });
    expect(mergeConfigSchema.parse({ queue: true })).toMatchObject({
      requireUpToDate: true,
      requireApproval: true,
      requireChecks: true,
    });
    expect(mergeConfigSchema.parse({ queue: true }).autoMerge).toBe(false);
  });

  it('takes auto-merge as a boolean or a label', () => {
    expect(mergeConfigSchema.parse({ queue: true, autoMerge: true }).autoMerge).toBe(true);
    expect(mergeConfigSchema.parse({ autoMerge: { label: 'ship-it' } }).autoMerge).toEqual({
      label: 'ship-it',
    });
  });

  it('names the key of a bad value', () => {
    for (const bad of [
      { autoMerge: 'yes' },
      { autoMerge: { label: '' } },
      { queue: 'on' },
      { autoMerge: { tag: 'x' } },
      { requireUpToDate: 'no' },
      { requireChecks: 0 },
    ]) {
      const res = mergeConfigSchema.safeParse(bad);
      expect(res.success).toBe(false);
      expect(res.error?.issues[0]?.path[0]).toBe(Object.keys(bad)[0]);
    }
  });
});
