import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, readMessages, waitFor } from '@ao/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { ao, aoUp } from '../helpers/cli';

describe('daemon restart after SIGKILL (real processes, real tmux)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ao-restart-'));
  const tmux = (args: string[]) => exec('tmux', ['-S', join(dataDir, 'tmux.sock'), ...args]);
  const tmuxSessions = async () =>
    (await tmux(['list-sessions', '-F', '#{session_name}'])).stdout
      .trim()
      .split('\n')
      .filter((n) => n !== 'ao-control')
      .sort();
  const status = async () => JSON.parse((await ao(dataDir, ['status', '--json'])).stdout) as Session[];

  afterAll(async () => {
    await ao(dataDir, ['down']).catch(() => undefined);
    await tmux(['kill-server']).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds live sessions again, marks vanished ones with the reason, stops strays, duplicates nothing', async () => {
    const p = await makeProject('rs');
    const first = await aoUp(dataDir, ['--config', p.configPath]);
    expect(first.output()).toMatch(/http:\/\/127\.0\.0\.1:\d+\/api\/auth\/login\?token=/);
    for (const task of ['task one', 'task two', 'task three']) {
      const { stdout } = await ao(dataDir, ['start', '--prompt', task], { cwd: p.repo });
      expect(stdout.trim()).toMatch(/^rs-\d$/);
    }
    await waitFor(() => readMessages(p.messagesFile).length >= 3, 'three prompts delivered');

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    await tmux(['kill-session', '-t', '=rs-2']); // this one dies while the daemon is down
    await tmux(['new-session', '-d', '-s', 'rs-99', 'sleep', '600']); // a stray no record accounts for

    const second = await aoUp(dataDir);
    const sessions = await status();
    expect(sessions.map((s) => s.id).sort()).toEqual(['rs-1', 'rs-2', 'rs-3']);
    const byId = Object.fromEntries(sessions.map((s) => [s.id, s]));
    expect(byId['rs-1']?.status).toBe('running');
    expect(byId['rs-3']?.status).toBe('running');
    expect(byId['rs-2']?.status).toBe('runtime_lost');
    expect(byId['rs-2']?.statusReason).toMatch(/gone when the daemon started/);
    expect(await tmuxSessions()).toEqual(['rs-1', 'rs-3']);

    // The recovered sessions work: a message reaches rs-1, and rs-2 can be restored.
    const sent = await ao(dataDir, ['send', 'rs-1', 'after', 'the', 'restart']);
    expect(sent.stdout).toMatch(/^sent:/);
    await waitFor(() => readMessages(p.messagesFile).includes('after the restart'), 'message after restart');
    await ao(dataDir, ['restore', 'rs-2']);
    expect(await tmuxSessions()).toEqual(['rs-1', 'rs-2', 'rs-3']);

    const down = await ao(dataDir, ['down']);
    expect(down.stdout).toMatch(/stopped/);
    await new Promise((r) => (second.child.exitCode !== null ? r(null) : second.child.once('exit', r)));
    expect(second.child.exitCode).toBe(0);
    expect(await tmuxSessions()).toEqual(['rs-1', 'rs-2', 'rs-3']); // agents outlive the daemon
    p.cleanup();
  });
});
