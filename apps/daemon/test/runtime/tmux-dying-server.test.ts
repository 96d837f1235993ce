import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '@ao/shared/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema, runtimeTmux } from '../../src/plugins/runtime-tmux';
import { resolveSocket } from '../../src/plugins/runtime-tmux/socket';
import { exec } from '../../src/util/exec';
import { quietLogger } from './helpers';

/**
 * A server still exiting (a `kill-server`, a crash) answers a new client with "server exited unexpectedly". A spawn
 * then, e.g. the restore of every session at `ao up` right after ao's tmux server ended, must start on a new server,
 * not fail. The dying server is played by a socket that hangs up on its first client, then goes away.
 */
describe('tmux runtime: a spawn racing a dying server', () => {
  const root = mkdtempSync(join(tmpdir(), 'ao-tmux-dying-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const socket = resolveSocket(dataDir).value;
  const runtime: Runtime = runtimeTmux.create(configSchema.parse({}), {
    dataDir,
    logger: quietLogger,
    exec,
  });
  afterAll(async () => {
    await exec('tmux', ['-S', socket, 'kill-server']).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it('starts the session on a new server', async () => {
    let hungUp = 0;
    const dying = createServer((conn) => {
      hungUp++;
      conn.destroy();
      dying.close(); // the server is gone now: its socket file with it
    });
    await new Promise<void>((resolve) => dying.listen(socket, resolve));
    const handle = await runtime.spawn({
      sessionId: 'dying-1',
      cwd: root,
      command: ['sleep', '60'],
      env: {},
    });
    expect(hungUp).toBeGreaterThanOrEqual(1);
    expect((await runtime.stateMany([handle])).get(handle.id)?.state).toBe('alive');
    await runtime.kill(handle);
  });
});
