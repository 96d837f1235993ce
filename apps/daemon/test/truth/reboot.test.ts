import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { makeProject, openSse, waitFor } from '@ao/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { exec } from '../../src/util/exec';
import { ao, aoUp } from '../helpers/cli';

/**
 * A reboot: ao's tmux server and the daemon end together. On `ao up`, the sessions that were live come back on their
 * own (a few at a time), and the board says which; a project can turn that off.
 */
describe('sessions survive a reboot (real CLI, real tmux)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dataDir of dirs) {
      await ao(dataDir, ['down']).catch(() => undefined);
      await exec('tmux', ['-S', join(dataDir, 'tmux.sock'), 'kill-server']).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  async function rebootWith(restore: boolean) {
    const dataDir = mkdtempSync(join(tmpdir(), 'ao-reboot-'));
    dirs.push(dataDir);
    const p = await makeProject(restore ? 'rb' : 'norb', {
      sessions: { restoreAfterRestart: restore, restoreConcurrency: 2 },
    });
    const first = await aoUp(dataDir, ['--config', p.configPath]);
    const ids: string[] = [];
    for (const task of ['one', 'two', 'three']) {
      ids.push((await ao(dataDir, ['start', '--prompt', task], { cwd: p.repo })).stdout.trim());
    }
    const lastEventId = await lastId(first.url, dataDir);
    await waitFor(async () => {
      const all = JSON.parse((await ao(dataDir, ['status', '--json'])).stdout) as Session[];
      return all.length === 3 && all.every((s) => s.status === 'running');
    }, 'three sessions running');
    // The machine goes down: the daemon and ao's tmux server end together.
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    await exec('tmux', ['-S', join(dataDir, 'tmux.sock'), 'kill-server']);
    const second = await aoUp(dataDir);
    return { dataDir, p, ids, lastEventId, second };
  }

  it('brings every live session back on its own, and says which', async () => {
    const { dataDir, p, ids, lastEventId, second } = await rebootWith(true);
    const sessions = await waitFor(async () => {
      const all = JSON.parse((await ao(dataDir, ['status', '--json'])).stdout) as Session[];
      return all.every((s) => s.status === 'running') ? all : null;
    }, 'every session running again').catch(async (err: Error) => {
      const all = JSON.parse((await ao(dataDir, ['status', '--json'])).stdout) as Session[];
      throw new Error(`${err.message}: ${JSON.stringify(all.map((s) => [s.id, s.status, s.statusReason]))}`);
    });
    expect(sessions.map((s) => s.id).sort()).toEqual([...ids].sort());
    for (const s of sessions) {
      expect(s.evidence?.source).toBe('recovery');
      expect(s.evidence?.detail).toMatch(/brought back after a restart/);
    }
    // What the board reads: the event replayed since before the reboot names the sessions brought back.
    const sse = openSse(`${second.url}/api/events`, {
      authorization: `Bearer ${tokenOf(dataDir)}`,
      'last-event-id': String(lastEventId),
    });
    const recovered = await waitFor(
      () => sse.messages.find((m) => m.event === 'daemon.recovered'),
      'daemon.recovered',
    );
    sse.close();
    const data = (recovered.data as { data: { restored: string[] } }).data;
    expect([...data.restored].sort()).toEqual([...ids].sort());
    const panes = (
      await exec('tmux', ['-S', join(dataDir, 'tmux.sock'), 'list-sessions', '-F', '#{session_name}'])
    ).stdout;
    for (const id of ids) expect(panes).toContain(id);
    p.cleanup();
  });

  it('with `sessions.restoreAfterRestart: false`, leaves them runtime_lost for the user to restore', async () => {
    const { dataDir, p, ids } = await rebootWith(false);
    const sessions = JSON.parse((await ao(dataDir, ['status', '--json'])).stdout) as Session[];
    expect(sessions.map((s) => [s.id, s.status]).sort()).toEqual(
      ids.map((id) => [id, 'runtime_lost']).sort(),
    );
    p.cleanup();
  });
});

const tokenOf = (dataDir: string) => readFileSync(join(dataDir, 'token'), 'utf8').trim();

/** The id of the last event so far (from the snapshot a new SSE client gets first). */
async function lastId(url: string, dataDir: string): Promise<number> {
  const sse = openSse(`${url}/api/events`, { authorization: `Bearer ${tokenOf(dataDir)}` });
  const snapshot = await waitFor(() => sse.messages.find((m) => m.event === 'snapshot'), 'snapshot');
  sse.close();
  return (snapshot.data as { lastEventId: number }).lastEventId;
}
