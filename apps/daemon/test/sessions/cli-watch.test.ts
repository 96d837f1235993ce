import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTmuxServer, makeProject, waitFor } from '@ao/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { AO_BIN, ao, aoUp } from '../helpers/cli';

describe('ao status --watch (real CLI over SSE)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-watch-'));
  afterAll(async () => {
    await ao(dataDir, ['down']).catch(() => undefined);
    await killTmuxServer(dataDir); // ao's tmux server outlives `ao down` by design
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('redraws the table as sessions change, without polling', async () => {
    const p = await makeProject('watch');
    await aoUp(dataDir, ['--config', p.configPath]);
    let out = '';
    const child = spawn(process.execPath, [AO_BIN, '--data-dir', dataDir, 'status', '--watch'], {
      stdio: 'pipe',
    });
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    try {
      await waitFor(() => out.includes('no sessions yet'), 'empty table');
      const { stdout } = await ao(dataDir, ['start', '--prompt', 'watch me'], { cwd: p.repo });
      const id = stdout.trim();
      await waitFor(() => new RegExp(`${id}\\s+running`).test(out), 'the new session in the table');
      await ao(dataDir, ['kill', id]);
      await waitFor(() => new RegExp(`${id}\\s+killed\\s+exited\\s+done`).test(out), 'the kill in the table');
      expect(out).toContain('watch me');
    } finally {
      child.kill();
      p.cleanup();
    }
  });
});
