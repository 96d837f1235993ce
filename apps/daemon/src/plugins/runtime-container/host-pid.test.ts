import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostPid } from './host-pid';

describe('hostPid', () => {
  const proc = mkdtempSync(join(tmpdir(), 'ao-proc-'));
  const id = 'abc123'.repeat(10);
  mkdirSync(join(proc, '42'));
  writeFileSync(join(proc, '42', 'cgroup'), `0::/machine.slice/libpod-${id}.scope\n`);
  mkdirSync(join(proc, '43'));
  writeFileSync(join(proc, '43', 'cgroup'), '0::/user.slice/session-1.scope\n');
  afterAll(() => rmSync(proc, { recursive: true, force: true }));

  it("is the engine's pid when that process here is in the container's cgroup", async () => {
    expect(await hostPid({ Id: id, State: { Pid: 42, Running: true } }, proc)).toBe(42);
  });

  it('is null when the pid here is another process, absent, 0, or the container is not running', async () => {
    expect(await hostPid({ Id: id, State: { Pid: 43, Running: true } }, proc)).toBeNull(); // engine elsewhere
    expect(await hostPid({ Id: id, State: { Pid: 44, Running: true } }, proc)).toBeNull();
    expect(await hostPid({ Id: id, State: { Pid: 0, Running: true } }, proc)).toBeNull();
    expect(await hostPid({ Id: id, State: { Pid: 42, Running: false } }, proc)).toBeNull();
  });
});
