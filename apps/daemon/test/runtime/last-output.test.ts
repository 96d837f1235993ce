import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '@ao/shared/plugin';
import { waitFor } from '@ao/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeProcess } from '../../src/plugins/runtime-process';
import { configSchema, runtimeTmux } from '../../src/plugins/runtime-tmux';
import { countingExec, quietLogger } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'ao-lastout-'));
mkdirSync(join(root, 'data'));
const counter = countingExec();
const ctx = { dataDir: join(root, 'data'), logger: quietLogger, exec: counter.exec };
const runtimes: Array<[string, Runtime]> = [
  ['tmux', runtimeTmux.create(configSchema.parse({ killGraceMs: 500 }), ctx)],
  ['process', runtimeProcess.create(runtimeProcess.configSchema.parse({ killGraceMs: 500 }), ctx)],
];

afterAll(async () => {
  for (const [, r] of runtimes) await r.close?.();
  await counter.exec('tmux', ['-S', join(root, 'data', 'tmux.sock'), 'kill-server']).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

describe.each(runtimes)('%s runtime: lastOutputMany', (name, runtime) => {
  it('moves when a session prints and stays put while it is quiet, for many sessions in one query', async () => {
    const quiet = await runtime.spawn({
      sessionId: `${name}q-1`,
      cwd: root,
      command: ['sleep', '60'],
      env: {},
    });
    const talker = await runtime.spawn({
      sessionId: `${name}t-1`,
      cwd: root,
      command: ['sh', '-c', 'sleep 2; echo hello; sleep 60'],
      env: {},
    });
    const before = await runtime.lastOutputMany?.([quiet, talker]);
    const start = before?.get(talker.id) ?? 0;
    const calls = counter.calls.length;
    await waitFor(
      async () => ((await runtime.lastOutputMany?.([quiet, talker]))?.get(talker.id) ?? 0) > start,
      'output',
    );
    const after = await runtime.lastOutputMany?.([quiet, talker]);
    expect(after?.get(quiet.id)).toBe(before?.get(quiet.id));
    if (name === 'tmux') {
      const perQuery = counter.calls.slice(calls).filter((c) => c.includes('list-panes'));
      expect(perQuery.every((c) => c.includes('-a'))).toBe(true); // one server-wide query, never one per session
    }
    await runtime.kill(quiet);
    await runtime.kill(talker);
  });
});
