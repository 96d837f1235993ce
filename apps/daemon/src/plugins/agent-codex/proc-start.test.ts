import { describe, expect, it } from 'vitest';
import { processStartedAt } from './proc-start';

describe('processStartedAt', () => {
  it.runIf(process.platform === 'linux')('gives this process’s start on the Date.now() clock', async () => {
    const started = await processStartedAt(process.pid);
    // performance.timeOrigin is when this process began (a little after the kernel forked it).
    expect(started).not.toBeNull();
    expect(Math.abs((started ?? 0) - performance.timeOrigin)).toBeLessThan(2000);
  });

  it('is null without a pid or for a process that is gone', async () => {
    expect(await processStartedAt(null)).toBeNull();
    expect(await processStartedAt(0)).toBeNull();
    expect(await processStartedAt(2 ** 22 + 12345)).toBeNull();
  });
});
