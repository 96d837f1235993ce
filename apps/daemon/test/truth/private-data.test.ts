import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '@ao/shared/session';
import { killTmuxServer, makeProject, waitFor } from '@ao/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { ao, aoUp } from '../helpers/cli';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file and folder under `dir` (not following links), with its mode. */
function walk(dir: string, out: Array<[string, number, boolean]> = []): Array<[string, number, boolean]> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink() || st.isSocket()) continue;
    out.push([path, st.mode & 0o777, st.isDirectory()]);
    if (st.isDirectory() && !path.includes('/worktrees/')) walk(path, out);
  }
  return out;
}

describe('the data dir is private (AO_HOME a new folder; real CLI, real tmux)', () => {
  const root = mkdtempSync(join(tmpdir(), 'ao-private-'));
  afterAll(async () => {
    await ao(join(root, 'home'), ['down']).catch(() => undefined);
    await killTmuxServer(join(root, 'home')); // ao's tmux server outlives `ao down` by design
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the data dir 0700 and the database, its WAL, logs, token and secrets 0600', async () => {
    const dataDir = join(root, 'home');
    const p = await makeProject('priv');
    const up = await aoUp(dataDir, ['--config', p.configPath]);
    const { stdout } = await ao(dataDir, ['start', '--prompt', 'hello'], { cwd: p.repo });
    const id = stdout.trim();
    await waitFor(async () => {
      const out = await ao(dataDir, ['status', '--json']);
      return (JSON.parse(out.stdout) as Session[]).find((s) => s.id === id)?.status === 'running';
    }, 'session running');
    await ao(dataDir, ['webhook']); // creates the webhook secret
    expect(mode(dataDir)).toBe(0o700);
    for (const name of ['ao.db', 'ao.db-wal', 'ao.db-shm', 'token', 'webhook-secret', 'daemon.json']) {
      expect([name, mode(join(dataDir, name))]).toEqual([name, 0o600]);
    }
    for (const name of ['logs', 'sessions', 'worktrees'])
      expect([name, mode(join(dataDir, name))]).toEqual([name, 0o700]);
    // Nothing ao wrote can be read by another user (folders 0700 at most, files 0600 at most).
    const open = walk(dataDir).filter(([, m]) => (m & 0o077) !== 0);
    expect(open.map(([path, m]) => `${path.slice(dataDir.length)} ${m.toString(8)}`)).toEqual([]);
    up.child.kill('SIGTERM');
    await new Promise((r) => up.child.once('exit', r));
    p.cleanup();
  });

  it('refuses to run on a data dir other users can write, and says how to fix it', async () => {
    const dataDir = join(root, 'shared');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o777);
    const err = await ao(dataDir, ['up', '--port', '0']).then(
      () => null,
      (e: Error & { stderr?: string }) => e,
    );
    expect(err?.stderr ?? '').toMatch(/can be written by other users \(mode 777\).*chmod 700/);
    expect(readdirSync(dataDir)).toEqual([]); // nothing written
  });

  it('tightens an existing data dir that others can read', async () => {
    const dataDir = join(root, 'readable');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const up = await aoUp(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    up.child.kill('SIGTERM');
    await new Promise((r) => up.child.once('exit', r));
  });
});
